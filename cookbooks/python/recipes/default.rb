# The Python the services run on.
package %w(python3 python3-venv)
