import { ApiProperty } from '@nestjs/swagger';
import { QueryIntField } from './fields.js';

export class PageQuery {
  @QueryIntField({ min: 1, max: 200, default: 50 })
  limit: number = 50;

  @QueryIntField({ min: 0, max: 1_000_000, default: 0 })
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
