import { DEFAULT_TIMEZONE } from '../common/time.js';
import { formatInstant } from '../recurrence/local-time.js';
import { FeedbackResponse } from './dto/feedback.dto.js';
import type { Feedback } from './feedback.js';

export function toFeedbackResponse(feedback: Feedback): FeedbackResponse {
  return {
    id: feedback.id,
    zoneId: feedback.zoneId,
    kind: feedback.kind,
    category: feedback.category,
    text: feedback.text,
    contact: feedback.contact,
    status: feedback.status,
    resolutionNote: feedback.resolutionNote,
    resolvedAt: feedback.resolvedAt === null ? null : formatInstant(feedback.resolvedAt, DEFAULT_TIMEZONE),
    createdAt: formatInstant(feedback.createdAt, DEFAULT_TIMEZONE),
  };
}
