import { Body, Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../auth/access.decorators.js';
import type { Actor } from '../common/actor.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { AssignmentsService } from './assignments.service.js';
import { AssignmentResponse, CreateAssignmentDto } from './dto/claim.dto.js';

@ApiTags('claims')
@ApiBearerAuth()
@Controller('assignments')
export class AssignmentsController {
  constructor(private readonly assignments: AssignmentsService) {}

  @Post()
  @Roles('staff')
  @ApiOperation({
    summary: 'Give a vendor a standing place for every occurrence in a range',
    description:
      'Occurrences that cannot be had are skipped and listed with their refusal code; the booking horizon does not apply (up to 366 days ahead).',
  })
  @ApiCreatedResponse({ type: AssignmentResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.NOT_FOUND, ErrorCode.NOT_AN_OCCURRENCE, ErrorCode.UNAUTHORIZED, ErrorCode.FORBIDDEN)
  assign(@Body() dto: CreateAssignmentDto, @CurrentActor() actor: Actor): Promise<AssignmentResponse> {
    return this.assignments.assign(actor, dto);
  }
}
