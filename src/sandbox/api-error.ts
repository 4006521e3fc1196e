// An AWS-shaped error the endpoint answers with: HTTP status, `Code` and `Message`.

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;

  constructor(code: string, message: string, status = 400) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
  }
}

export function apiError(code: string, message: string, status = 400): ApiError {
  return new ApiError(code, message, status);
}

export function missingParameter(name: string): ApiError {
  return apiError('MissingParameter', `The request must contain the parameter ${name}`);
}

export function invalidParameter(message: string): ApiError {
  return apiError('InvalidParameterValue', message);
}
