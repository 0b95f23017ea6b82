import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

/** Query numbers are plain decimal digits: `1e2`, `0x10`, ` 5` and `5.0` are refused, not read as numbers. */
export function toInteger({ value }: { value: unknown }): unknown {
  return typeof value === 'string' && /^-?\d{1,9}$/.test(value) ? Number(value) : value;
}

export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(200)
  limit: number = 50;

  @ApiPropertyOptional({ minimum: 0, maximum: 1_000_000, default: 0 })
  @Transform(toInteger)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  offset: number = 0;
}

export interface Page<T> {
  items: T[];
  total: number;
}

/** Swagger schema of `{ items, total }` for a given item class. */
export function PageOf<T>(itemType: new () => T, name: string) {
  class PageResponse {
    @ApiProperty({ type: [itemType] })
    items: T[];

    @ApiProperty({ example: 1 })
    total: number;
  }
  Object.defineProperty(PageResponse, 'name', { value: name });
  return PageResponse;
}
