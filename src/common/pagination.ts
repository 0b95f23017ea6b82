import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit: number = 50;

  @ApiPropertyOptional({ minimum: 0, maximum: 1_000_000, default: 0 })
  @Type(() => Number)
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
