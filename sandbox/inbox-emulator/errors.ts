/** An API error as the emulator answers it: `{"error":{"code","message","status"}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  body(): { error: { code: string; message: string; status: number } } {
    return { error: { code: this.code, message: this.message, status: this.status } };
  }
}

export const validationError = (message: string) => new ApiError(400, 'VALIDATION_ERROR', message);
export const threadNotFound = (id: string) => new ApiError(404, 'THREAD_NOT_FOUND', `Thread with ID '${id}' not found`);
