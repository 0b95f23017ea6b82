import { ApiProperty } from '@nestjs/swagger';
import { ErrorCode, reasonPhrase, statusOf } from './error-code.js';

/** The error shape of the contract: `{ statusCode, error, code, message }`. */
export class ErrorBody {
  @ApiProperty({ example: 409 })
  statusCode: number;

  @ApiProperty({ example: 'Conflict' })
  error: string;

  @ApiProperty({ enum: ErrorCode, example: ErrorCode.SLOT_TAKEN })
  code: ErrorCode;

  @ApiProperty({
    example: 'stall A01 is already claimed for morning on 2026-12-01',
    description:
      'Human text in the language of Accept-Language: Chinese for zh (zh-CN, zh-Hans…), else English (the default). The code never changes with the language.',
  })
  message: string;
}

export function errorBody(code: ErrorCode, message: string): ErrorBody {
  const statusCode = statusOf(code);
  return { statusCode, error: reasonPhrase(statusCode), code, message };
}

/** Maps a bare HTTP status (framework, body parser) to the closest contract code. */
export function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return ErrorCode.VALIDATION_FAILED;
    case 401:
      return ErrorCode.UNAUTHORIZED;
    case 403:
      return ErrorCode.FORBIDDEN;
    case 404:
      return ErrorCode.NOT_FOUND;
    case 405:
      return ErrorCode.METHOD_NOT_ALLOWED;
    case 408:
      return ErrorCode.REQUEST_TIMEOUT;
    case 413:
      return ErrorCode.PAYLOAD_TOO_LARGE;
    case 431:
      return ErrorCode.HEADERS_TOO_LARGE;
    case 415:
      return ErrorCode.UNSUPPORTED_MEDIA_TYPE;
    case 429:
      return ErrorCode.RATE_LIMITED;
    case 503:
      return ErrorCode.SERVICE_UNAVAILABLE;
    default:
      return status >= 400 && status < 500 ? ErrorCode.VALIDATION_FAILED : ErrorCode.INTERNAL_ERROR;
  }
}
