export interface TransmissionItem {
  dossierId: string;
  position: number;
  reference: string;
  studentName: string;
  procedureCode: string;
  documentCount: number;
}

export interface Transmission {
  id: string;
  reference: string;
  prefecture: string;
  contact: string;
  sentOn: string;
  note: string | null;
  createdAt: Date;
  createdBy: string | null;
  items: TransmissionItem[];
}
