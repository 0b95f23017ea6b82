import { Body, Controller, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/actor.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { RateLimited } from '../common/rate-limit.js';
import { CurrentActor, Public, Roles } from './access.decorators.js';
import { AuthService } from './auth.service.js';
import { ChangePasswordDto, LoginDto, LoginResponse } from './dto/login.dto.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @RateLimited()
  @ApiOperation({
    summary: "Log in with a username (a vendor's phone) and password",
    description:
      '5 failed logins in a row from one address lock that address out of that username for 15 minutes; past 10 failures from all ' +
      'addresses, addresses the username has not logged in from get one try per back-off (1 s doubling to 15 min). 429 RATE_LIMITED ' +
      'with Retry-After; unknown usernames are answered exactly like known ones.',
  })
  @ApiOkResponse({ type: LoginResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.BAD_CREDENTIALS, ErrorCode.RATE_LIMITED)
  login(@Body() dto: LoginDto, @Ip() address: string): Promise<LoginResponse> {
    return this.auth.login(dto, address);
  }

  @Post('password')
  @HttpCode(204)
  @Roles('staff', 'vendor')
  @RateLimited()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change your own password; every token issued before stops working' })
  @ApiNoContentResponse()
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.UNAUTHORIZED, ErrorCode.FORBIDDEN, ErrorCode.BAD_CREDENTIALS, ErrorCode.RATE_LIMITED)
  async changePassword(@Body() dto: ChangePasswordDto, @CurrentActor() actor: Actor, @Ip() address: string): Promise<void> {
    await this.auth.changePassword(actor, dto, address);
  }
}
