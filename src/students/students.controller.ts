import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { ScopedBy } from '../auth/auth.decorators';
import type { Actor } from '../common/actor';
import { CurrentActor } from '../common/current-actor.decorator';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/openapi';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { CreateStudentDto, ListStudentsQuery, StudentPage, StudentResponse, UpdateStudentDto } from './students.dto';
import { StudentsService } from './students.service';
import { Audit } from '../audit/audit.decorators';

@ApiTags('students')
@ApiBearerAuth()
@ScopedBy('student')
@Controller('api/students')
export class StudentsController {
  constructor(private readonly students: StudentsService) {}

  @Get()
  @Audit('student.list')
  @ApiOperation({ summary: 'List students (by birth name), with their current residence permit' })
  @ApiOkResponse({ type: StudentPage })
  @ApiProblems(400)
  list(@Query() query: ListStudentsQuery, @CurrentActor() actor: Actor) {
    return this.students.list(query, actor);
  }

  @Post()
  @Audit('student.create')
  @ApiOperation({ summary: 'Register a student' })
  @ApiCreatedResponse({ type: StudentResponse })
  @ApiProblems(400, 409)
  create(@Body() body: CreateStudentDto, @CurrentActor() actor: Actor) {
    return this.students.create(body, actor);
  }

  @Get(':id')
  @Audit('student.view')
  @ApiOperation({ summary: 'One student, with the current residence permit' })
  @ApiOkResponse({ type: StudentResponse })
  @ApiProblems(400, 404)
  get(@Param('id', new ParseIdPipe()) id: string) {
    return this.students.get(id);
  }

  @Patch(':id')
  @Audit('student.update')
  @ApiOperation({ summary: 'Change a student (null clears an optional field; currentPermit is replaced whole)' })
  @ApiOkResponse({ type: StudentResponse })
  @ApiProblems(400, 404, 409)
  update(@Param('id', new ParseIdPipe()) id: string, @Body() body: UpdateStudentDto, @CurrentActor() actor: Actor) {
    return this.students.update(id, body, actor);
  }
}
