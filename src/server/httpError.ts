/** An error the server answers with `status` and `message` as words ({error: message}). */
export class HttpError extends Error {
  override name = "HttpError";
  constructor(readonly status: number, message: string) {
    super(message);
  }
}
