import { Global, Module } from '@nestjs/common';
import { DocumentStorage, LocalDocumentStorage } from './document-storage';

@Global()
@Module({ providers: [{ provide: DocumentStorage, useClass: LocalDocumentStorage }], exports: [DocumentStorage] })
export class StorageModule {}
