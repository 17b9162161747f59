import { Injectable } from '@nestjs/common';
import type { LocalizedText } from '../catalog/catalog.model';
import type { Prisma, OfficeProfile as OfficeProfileRow } from '../infra/prisma/generated/client';
import { PrismaService } from '../infra/prisma/prisma.service';
import { OfficeProfile, OfficeProfileInput } from './office.model';

/** The single row of office_profile. */
@Injectable()
export class OfficeRepository {
  constructor(private readonly prisma: PrismaService) {}

  async find(): Promise<OfficeProfile | null> {
    const row = await this.prisma.officeProfile.findUnique({ where: { id: 1 } });
    return row && toProfile(row);
  }

  /** Creates the profile unless there is one (concurrent starts create it once). */
  async ensure(input: OfficeProfileInput): Promise<OfficeProfile> {
    await this.prisma.officeProfile.createMany({ data: [{ id: 1, ...columns(input), updatedBy: 'configuration' }], skipDuplicates: true });
    return (await this.find())!;
  }

  /** Replaces the profile if it is still at `expectedVersion`; null when someone changed it meanwhile. */
  async replace(input: OfficeProfileInput, expectedVersion: number | undefined, author: string): Promise<OfficeProfile | null> {
    const { count } = await this.prisma.officeProfile.updateMany({
      where: { id: 1, ...(expectedVersion !== undefined && { version: expectedVersion }) },
      data: { ...columns(input), updatedBy: author, version: { increment: 1 } },
    });
    return count ? this.find() : null;
  }
}

function columns(input: OfficeProfileInput) {
  return { ...input, frontDeskHours: { ...input.frontDeskHours } as Prisma.InputJsonObject, signature: { ...input.signature } as Prisma.InputJsonObject };
}

function toProfile(row: OfficeProfileRow): OfficeProfile {
  return {
    name: row.name,
    postalAddress: row.postalAddress,
    frontDeskHours: row.frontDeskHours as unknown as LocalizedText,
    phone: row.phone,
    email: row.email,
    website: row.website,
    signature: row.signature as unknown as LocalizedText,
    version: row.version,
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy,
  };
}
