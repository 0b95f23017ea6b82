import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { DomainError } from '../common/errors/domain-error.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { Database } from '../database/database.service.js';
import { LoginDto, LoginResponse } from './dto/login.dto.js';
import { DUMMY_HASH, verifyPassword } from './password.js';
import { User } from './user.entity.js';

@Injectable()
export class AuthService {
  constructor(
    private readonly db: Database,
    private readonly jwt: JwtService,
    private readonly config: ConfigService,
  ) {}

  async login(dto: LoginDto): Promise<LoginResponse> {
    const user = await this.db.reader.findOne(User, { where: { username: dto.username } });
    // Unknown users cost the same hash as known ones, and get the same answer.
    const valid = await verifyPassword(dto.password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !valid) throw new DomainError(ErrorCode.BAD_CREDENTIALS, 'wrong username or password');
    return this.issue(user);
  }

  issue(user: Pick<User, 'id' | 'role'>): LoginResponse {
    const expiresIn = this.config.getOrThrow<number>('jwt.ttlSeconds');
    const accessToken = this.jwt.sign({ sub: user.id, role: user.role }, { expiresIn });
    return { accessToken, role: user.role, userId: user.id, expiresIn };
  }
}
