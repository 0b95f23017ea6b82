import { Module } from '@nestjs/common';
import { ClaimsModule } from '../claims/claims.module.js';
import { VendorsModule } from '../vendors/vendors.module.js';
import { ZonesModule } from '../zones/zones.module.js';
import { DisciplineController } from './discipline.controller.js';
import { DisciplineService } from './discipline.service.js';
import { ViolationsRepository } from './violations.repository.js';

/** Discipline (纪律): violations, escalation, appeals; rosters record missed duties through it. */
@Module({
  imports: [ZonesModule, VendorsModule, ClaimsModule],
  controllers: [DisciplineController],
  providers: [DisciplineService, ViolationsRepository],
  exports: [DisciplineService],
})
export class DisciplineModule {}
