/** Stable machine codes of the public contract (API.md, "Error codes"). */
export enum ErrorCode {
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  INVALID_RECURRENCE = 'INVALID_RECURRENCE',
  UNAUTHORIZED = 'UNAUTHORIZED',
  BAD_CREDENTIALS = 'BAD_CREDENTIALS',
  FORBIDDEN = 'FORBIDDEN',
  VENDOR_NOT_APPROVED = 'VENDOR_NOT_APPROVED',
  VENDOR_SUSPENDED = 'VENDOR_SUSPENDED',
  NO_SHOW_BLOCK = 'NO_SHOW_BLOCK',
  NOT_FOUND = 'NOT_FOUND',
  METHOD_NOT_ALLOWED = 'METHOD_NOT_ALLOWED',
  SLOT_TAKEN = 'SLOT_TAKEN',
  VENDOR_OVERLAP = 'VENDOR_OVERLAP',
  ZONE_SUSPENDED = 'ZONE_SUSPENDED',
  STALL_CLOSED = 'STALL_CLOSED',
  DUPLICATE_STALL_CODE = 'DUPLICATE_STALL_CODE',
  DUPLICATE_PHONE = 'DUPLICATE_PHONE',
  SESSION_HAS_CLAIMS = 'SESSION_HAS_CLAIMS',
  ZONE_SESSION_LIMIT = 'ZONE_SESSION_LIMIT',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  INVALID_STATE_TRANSITION = 'INVALID_STATE_TRANSITION',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  HEADERS_TOO_LARGE = 'HEADERS_TOO_LARGE',
  REQUEST_TIMEOUT = 'REQUEST_TIMEOUT',
  UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE',
  NOT_AN_OCCURRENCE = 'NOT_AN_OCCURRENCE',
  OCCURRENCE_CANCELLED = 'OCCURRENCE_CANCELLED',
  OCCURRENCE_STARTED = 'OCCURRENCE_STARTED',
  OUTSIDE_BOOKING_WINDOW = 'OUTSIDE_BOOKING_WINDOW',
  OUTSIDE_CHECK_IN_WINDOW = 'OUTSIDE_CHECK_IN_WINDOW',
  OUTSIDE_CANCEL_WINDOW = 'OUTSIDE_CANCEL_WINDOW',
  CATEGORY_MISMATCH = 'CATEGORY_MISMATCH',
  WEEKLY_LIMIT = 'WEEKLY_LIMIT',
  VENDOR_NOT_PRESENT = 'VENDOR_NOT_PRESENT',
  ROUND_CLOSED = 'ROUND_CLOSED',
  SEED_MISMATCH = 'SEED_MISMATCH',
  APPEAL_WINDOW_CLOSED = 'APPEAL_WINDOW_CLOSED',
  ALREADY_APPLIED = 'ALREADY_APPLIED',
  ALREADY_DRAWN = 'ALREADY_DRAWN',
  RATE_LIMITED = 'RATE_LIMITED',
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  INTERNAL_ERROR = 'INTERNAL_ERROR',
}

function assertUnreachable(value: never): never {
  throw new Error(`Unhandled error code: ${String(value)}`);
}

/** The HTTP status of each code; exhaustive, so a new code cannot be forgotten. */
export function statusOf(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.VALIDATION_FAILED:
    case ErrorCode.INVALID_RECURRENCE:
      return 400;
    case ErrorCode.UNAUTHORIZED:
    case ErrorCode.BAD_CREDENTIALS:
      return 401;
    case ErrorCode.FORBIDDEN:
    case ErrorCode.VENDOR_NOT_APPROVED:
    case ErrorCode.VENDOR_SUSPENDED:
    case ErrorCode.NO_SHOW_BLOCK:
      return 403;
    case ErrorCode.NOT_FOUND:
      return 404;
    case ErrorCode.METHOD_NOT_ALLOWED:
      return 405;
    case ErrorCode.SLOT_TAKEN:
    case ErrorCode.VENDOR_OVERLAP:
    case ErrorCode.ZONE_SUSPENDED:
    case ErrorCode.STALL_CLOSED:
    case ErrorCode.DUPLICATE_STALL_CODE:
    case ErrorCode.DUPLICATE_PHONE:
    case ErrorCode.SESSION_HAS_CLAIMS:
    case ErrorCode.ZONE_SESSION_LIMIT:
    case ErrorCode.IDEMPOTENCY_KEY_REUSED:
    case ErrorCode.INVALID_STATE_TRANSITION:
    case ErrorCode.ALREADY_APPLIED:
    case ErrorCode.ALREADY_DRAWN:
      return 409;
    case ErrorCode.REQUEST_TIMEOUT:
      return 408;
    case ErrorCode.PAYLOAD_TOO_LARGE:
      return 413;
    case ErrorCode.HEADERS_TOO_LARGE:
      return 431;
    case ErrorCode.UNSUPPORTED_MEDIA_TYPE:
      return 415;
    case ErrorCode.NOT_AN_OCCURRENCE:
    case ErrorCode.OCCURRENCE_CANCELLED:
    case ErrorCode.OCCURRENCE_STARTED:
    case ErrorCode.OUTSIDE_BOOKING_WINDOW:
    case ErrorCode.OUTSIDE_CHECK_IN_WINDOW:
    case ErrorCode.OUTSIDE_CANCEL_WINDOW:
    case ErrorCode.CATEGORY_MISMATCH:
    case ErrorCode.WEEKLY_LIMIT:
    case ErrorCode.VENDOR_NOT_PRESENT:
    case ErrorCode.ROUND_CLOSED:
    case ErrorCode.SEED_MISMATCH:
    case ErrorCode.APPEAL_WINDOW_CLOSED:
      return 422;
    case ErrorCode.RATE_LIMITED:
      return 429;
    case ErrorCode.INTERNAL_ERROR:
      return 500;
    case ErrorCode.SERVICE_UNAVAILABLE:
      return 503;
    default:
      return assertUnreachable(code);
  }
}

const REASON_PHRASES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function reasonPhrase(status: number): string {
  return REASON_PHRASES[status] ?? 'Error';
}
