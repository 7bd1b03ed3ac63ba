import { IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';

/** Body of `POST /v1/charges`. Unknown keys are rejected (see `validateParams`). */
export class CreateChargeDto {
  @IsInt({ message: 'Invalid amount: must be a positive integer in minor units.' })
  @Min(1, { message: 'Invalid amount: must be a positive integer in minor units.' })
  @Max(99_999_999, { message: 'Invalid amount: must be at most 99999999.' })
  amount!: number;

  @IsString({ message: 'Invalid currency: must be a three-letter lowercase ISO code.' })
  @Matches(/^[a-z]{3}$/, { message: 'Invalid currency: must be a three-letter lowercase ISO code.' })
  currency!: string;

  @IsString({ message: 'Invalid source: must be a token string such as tok_visa.' })
  @Length(1, 255, { message: 'Invalid source: must be a token string such as tok_visa.' })
  source!: string;

  @IsString({ message: 'Invalid orderId: must be a string of 1 to 255 characters.' })
  @Length(1, 255, { message: 'Invalid orderId: must be a string of 1 to 255 characters.' })
  orderId!: string;

  @IsOptional()
  @IsString({ message: 'Invalid description: must be a string of at most 1000 characters.' })
  @MaxLength(1000, { message: 'Invalid description: must be a string of at most 1000 characters.' })
  description?: string | null;
}
