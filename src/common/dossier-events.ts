import { Injectable } from '@nestjs/common';

type Listener = (dossierId: string) => Promise<void>;

/**
 * In-process notice that something a dossier's checklist depends on has changed (its
 * documents, its facts). Features that must react — the workflow returning an incomplete
 * dossier to "received" — listen; the features making the change need not know them.
 * Listeners run after the change is committed, awaited, in order.
 */
@Injectable()
export class DossierEvents {
  private readonly listeners: Listener[] = [];

  onChecklistInputsChanged(listener: Listener): void {
    this.listeners.push(listener);
  }

  async checklistInputsChanged(dossierId: string): Promise<void> {
    for (const listener of this.listeners) await listener(dossierId);
  }
}
