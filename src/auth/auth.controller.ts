import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { RateLimited } from '../common/rate-limit.js';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { Public } from './access.decorators.js';
import { AuthService } from './auth.service.js';
import { LoginDto, LoginResponse } from './dto/login.dto.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @RateLimited()
  @ApiOperation({ summary: "Log in with a username (a vendor's phone) and password" })
  @ApiOkResponse({ type: LoginResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.BAD_CREDENTIALS, ErrorCode.RATE_LIMITED)
  login(@Body() dto: LoginDto): Promise<LoginResponse> {
    return this.auth.login(dto);
  }
}
