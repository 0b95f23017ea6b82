import { ApiProperty } from '@nestjs/swagger';
import { EnumField, TextField, UuidField } from '../../common/fields.js';
import { PageQuery } from '../../common/pagination.js';
import { STALL_CATEGORIES, type StallCategory } from '../../stalls/stall.js';
import { FEEDBACK_KINDS, FEEDBACK_STATUSES, type FeedbackKind, type FeedbackStatus } from '../feedback.js';

export class CreateFeedbackDto {
  @EnumField(FEEDBACK_KINDS, { description: 'wish (a fruit stall, please), problem (litter after the evening market), praise' })
  kind: FeedbackKind;

  @EnumField(STALL_CATEGORIES, { optional: true, description: 'the kind of stall it is about, if any' })
  category?: StallCategory;

  @TextField({ max: 500, multiline: true, example: '希望晚市多一个水果摊', description: 'shown only as text' })
  text: string;

  @TextField({ max: 100, optional: true, description: 'how to reach you (a phone, say); only city staff see it' })
  contact?: string;
}

export class FeedbackCreatedResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
}

export class ListFeedbackQuery extends PageQuery {
  @UuidField({ optional: true })
  zoneId?: string;

  @EnumField(FEEDBACK_KINDS, { optional: true })
  kind?: FeedbackKind;

  @EnumField(FEEDBACK_STATUSES, { optional: true })
  status?: FeedbackStatus;
}

export class ResolveFeedbackDto {
  @TextField({ max: 500, multiline: true, example: '已协调果农周三、周五晚市出摊' })
  note: string;
}

export class FeedbackResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) zoneId: string;
  @ApiProperty({ enum: FEEDBACK_KINDS }) kind: FeedbackKind;
  // OpenAPI 3.0.3: a nullable enum lists null among its values.
  @ApiProperty({ enum: [...STALL_CATEGORIES, null], nullable: true, type: String }) category: StallCategory | null;
  @ApiProperty() text: string;
  @ApiProperty({ nullable: true, type: String }) contact: string | null;
  @ApiProperty({ enum: FEEDBACK_STATUSES }) status: FeedbackStatus;
  @ApiProperty({ nullable: true, type: String }) resolutionNote: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2026-12-02T09:00:00+08:00' }) resolvedAt: string | null;
  @ApiProperty({ example: '2026-12-01T20:15:00+08:00' }) createdAt: string;
}
