import { IsInt, IsOptional, IsString, Length, Min } from 'class-validator';

/** Body of `POST /v1/refunds`; `amount` defaults to what is left on the charge. */
export class CreateRefundDto {
  @IsString({ message: 'Invalid charge: must be a charge id.' })
  @Length(1, 255, { message: 'Invalid charge: must be a charge id.' })
  charge!: string;

  @IsOptional()
  @IsInt({ message: 'Invalid amount: must be a positive integer in minor units.' })
  @Min(1, { message: 'Invalid amount: must be a positive integer in minor units.' })
  amount?: number | null;
}
