// The two AWS wire protocols the sandbox speaks: EC2's query dialect and the plain query protocol (Auto Scaling, ELB).
export type Protocol = 'ec2' | 'query';
