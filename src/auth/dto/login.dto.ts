import { ApiProperty } from '@nestjs/swagger';
import { TextField } from '../../common/fields.js';
import { ROLES, type Role } from '../../common/actor.js';

export class LoginDto {
  @TextField({ max: 64, example: 'admin', description: "staff username, or a vendor's phone" })
  username: string;

  @TextField({ max: 128, example: 'correct horse battery staple' })
  password: string;
}

export class ChangePasswordDto {
  @TextField({ max: 128 })
  currentPassword: string;

  @TextField({ min: 6, max: 128, description: '6–128 characters (a staff account needs at least 8)' })
  newPassword: string;
}

export class LoginResponse {
  @ApiProperty()
  accessToken: string;

  @ApiProperty({ enum: ROLES })
  role: Role;

  @ApiProperty({ format: 'uuid' })
  userId: string;

  @ApiProperty({
    description:
      'true while the password is one staff made for this account (the sign-up desk, an import): the app should have its owner choose their own (POST /api/auth/password)',
  })
  mustChangePassword: boolean;

  @ApiProperty({ type: 'integer', example: 43200, description: 'seconds until the token expires' })
  expiresIn: number;
}
