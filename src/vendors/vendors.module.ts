import { Module } from '@nestjs/common';
import { VendorDeskController } from './vendor-desk.controller.js';
import { VendorDeskService } from './vendor-desk.service.js';
import { VendorsController } from './vendors.controller.js';
import { VendorsRepository } from './vendors.repository.js';
import { VendorsService } from './vendors.service.js';

@Module({
  controllers: [VendorDeskController, VendorsController],
  providers: [VendorsService, VendorDeskService, VendorsRepository],
  exports: [VendorsService],
})
export class VendorsModule {}
