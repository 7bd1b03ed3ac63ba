/**
 * The console's trends over a range: the stored minutes in it (one index-backed range read on
 * `metrics_minutes.at`, at most one document per minute) turned into chart series.
 */
import { Injectable } from '@nestjs/common';
import { MinuteCountsRepository } from '@app/dal';
import { trendSeries, type TrendsView } from './trend-series';
import type { TrendsRange } from './trends-range.query';

@Injectable()
export class ReadTrends {
  constructor(private readonly minutes: MinuteCountsRepository) {}

  async execute(range: TrendsRange): Promise<TrendsView> {
    return trendSeries(await this.minutes.range(range.from, range.to), range.from, range.to, range.stepMinutes);
  }
}
