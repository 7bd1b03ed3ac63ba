/**
 * What the console sees of item locks and stock holds: who holds a SKU now (its lock, its fence)
 * and which orders hold its stock. Response schemas for the OpenAPI document.
 */
import { ApiProperty } from '@nestjs/swagger';

/** Holds listed per SKU (a hot SKU may be held by thousands of orders). */
export const HOLDS_SHOWN = 100;

export class LiveLockView {
  @ApiProperty() sku!: string;
  @ApiProperty({ description: 'the worker process (pass) holding the lock' }) owner!: string;
  @ApiProperty({ description: 'ms until the lock expires, by the database clock' }) expiresInMs!: number;
  @ApiProperty() acquiredAt!: Date;
  @ApiProperty({ description: 'the SKU\'s current fence number (null: no such SKU)', type: Number, nullable: true }) fence!: number | null;
  @ApiProperty({ description: 'who took that fence', type: String, nullable: true }) fenceOwner!: string | null;
}

export class BusySkuView {
  @ApiProperty() sku!: string;
  @ApiProperty({ description: 'jobs re-queued because this SKU\'s lock or fence was held, in the window' }) busyRequeues!: number;
}

export class BusySkusView {
  @ApiProperty({ description: 'the window counted, in minutes up to now' }) windowMinutes!: number;
  @ApiProperty({ type: [BusySkuView], description: 'most busy re-queues first' }) skus!: BusySkuView[];
}

export class HoldView {
  @ApiProperty() orderId!: string;
  @ApiProperty() quantity!: number;
  @ApiProperty({ description: 'the order\'s status (null: the order is gone)', type: String, nullable: true }) status!: string | null;
  @ApiProperty({ description: 'the step it is at', type: String, nullable: true }) step!: string | null;
  @ApiProperty({ type: Date, nullable: true }) createdAt!: Date | null;
}

export class SkuLockView {
  @ApiProperty() owner!: string;
  @ApiProperty() expiresInMs!: number;
  @ApiProperty() acquiredAt!: Date;
}

export class SkuHoldsView {
  @ApiProperty() sku!: string;
  @ApiProperty({ description: 'orders holding stock of the SKU (reserved, not yet committed or released)' }) holdCount!: number;
  @ApiProperty({ type: [HoldView], description: `at most ${HOLDS_SHOWN} of them, oldest order first` }) holds!: HoldView[];
  @ApiProperty({ type: SkuLockView, nullable: true, description: 'its item lock, while live' }) lock!: SkuLockView | null;
  @ApiProperty() fence!: number;
  @ApiProperty({ type: String, nullable: true }) fenceOwner!: string | null;
}
