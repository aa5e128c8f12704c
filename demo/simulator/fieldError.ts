/** A validation error that names the offending input field (returned as 400 { error, field } by the HTTP API). */
export class FieldError extends Error {
  constructor(
    readonly field: string,
    detail: string
  ) {
    super(`${field}: ${detail}`);
    this.name = 'FieldError';
  }
}
