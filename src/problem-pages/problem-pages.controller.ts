import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { ApiProblems } from '../common/openapi';
import { languageOf, ProblemException } from '../common/problem';
import { problemType } from '../common/problem-types';
import { problemPage } from './problem-pages.html';

/** The pages the problem `type` URIs resolve to (RFC 9457): what the problem means and what to do. */
@ApiTags('problems')
@Public()
@Controller('problems')
export class ProblemPagesController {
  @Get(':type')
  @ApiOperation({
    summary: 'What a problem type means',
    description: 'The page a problem `type` (`/problems/<slug>`) resolves to: what it means and what to do, in French, or in English by Accept-Language.',
  })
  @ApiParam({ name: 'type', example: 'stale-version', description: 'The slug of the problem type' })
  @ApiHeader({ name: 'Accept-Language', required: false, example: 'fr', description: 'fr (the default) or en' })
  @ApiQuery({ name: 'lang', required: false, enum: ['fr', 'en'], description: 'The language, whatever Accept-Language says (the link to the other language)' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'The page', content: { 'text/html': { schema: { type: 'string', format: 'binary' } } } })
  @ApiProblems(404)
  page(
    @Param('type') slug: string,
    @Query('lang') lang: string | undefined,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    const entry = problemType(slug);
    if (!entry) throw ProblemException.of('problem-type.not-found', { type: slug });
    const language = lang === 'en' || lang === 'fr' ? lang : /\b(fr|en)\b/i.test(acceptLanguage ?? '') ? languageOf(acceptLanguage) : 'fr';
    return reply
      .type('text/html; charset=utf-8')
      .header('content-language', language)
      .header('vary', 'Accept-Language')
      .header('cache-control', 'public, max-age=3600')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .send(problemPage(slug, entry, language));
  }
}
