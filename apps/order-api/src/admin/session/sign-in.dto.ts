import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { FieldRule } from '../../http/field-rule.decorator';
import { OPERATOR_NAME } from '../operators/operator-name';

/** Body of POST /admin/session. */
export class SignInDto {
  @ApiProperty({ example: 'admin', description: 'The operator name (`npm run operator -- add <name>`)' })
  @FieldRule('must be 1 to 64 letters, digits, ".", "_" or "-"')
  @IsString()
  @Matches(OPERATOR_NAME)
  name!: string;

  @ApiProperty({ example: 'the printed password' })
  @FieldRule('must be 1 to 200 characters')
  @IsString()
  @Length(1, 200)
  password!: string;
}
