import { Injectable } from '@nestjs/common';
import { PrismaService } from '../infra/prisma/prisma.service';

export interface AgentSummary {
  id: string;
  email: string;
  displayName: string;
  role: 'agent' | 'supervisor' | 'admin';
  active: boolean;
}

@Injectable()
export class AgentsRepository {
  constructor(private readonly prisma: PrismaService) {}

  findById(id: string): Promise<AgentSummary | null> {
    return this.prisma.agent.findUnique({ where: { id }, select: { id: true, email: true, displayName: true, role: true, active: true } });
  }

  list(): Promise<AgentSummary[]> {
    return this.prisma.agent.findMany({ select: { id: true, email: true, displayName: true, role: true, active: true }, orderBy: { displayName: 'asc' } });
  }
}
