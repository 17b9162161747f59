import { Global, Module } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { AppConfig } from '../../config/app-config';
import { DocumentStorage, LocalDocumentStorage } from './document-storage';
import { S3DocumentStorage } from './document-storage.s3';

/** The object store when STORAGE_URL names one (the AWS SDK is loaded only then), else the folder. */
async function documentStorage(config: AppConfig, clock: Clock): Promise<DocumentStorage> {
  if (!config.STORAGE_URL) return new LocalDocumentStorage(config, clock);
  return S3DocumentStorage.create(config, clock);
}

@Global()
@Module({ providers: [{ provide: DocumentStorage, useFactory: documentStorage, inject: [AppConfig, Clock] }], exports: [DocumentStorage] })
export class StorageModule {}
