import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/openapi';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { CreateStudentDto, ListStudentsQuery, StudentPage, StudentResponse, UpdateStudentDto } from './students.dto';
import { StudentsService } from './students.service';

@ApiTags('students')
@Controller('api/students')
export class StudentsController {
  constructor(private readonly students: StudentsService) {}

  @Get()
  @ApiOperation({ summary: 'List students (by birth name), with their current residence permit' })
  @ApiOkResponse({ type: StudentPage })
  @ApiProblems(400)
  list(@Query() query: ListStudentsQuery) {
    return this.students.list(query);
  }

  @Post()
  @ApiOperation({ summary: 'Register a student' })
  @ApiCreatedResponse({ type: StudentResponse })
  @ApiProblems(400, 409)
  create(@Body() body: CreateStudentDto) {
    return this.students.create(body);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One student, with the current residence permit' })
  @ApiOkResponse({ type: StudentResponse })
  @ApiProblems(400, 404)
  get(@Param('id', new ParseIdPipe()) id: string) {
    return this.students.get(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a student (null clears an optional field; currentPermit is replaced whole)' })
  @ApiOkResponse({ type: StudentResponse })
  @ApiProblems(400, 404, 409)
  update(@Param('id', new ParseIdPipe()) id: string, @Body() body: UpdateStudentDto) {
    return this.students.update(id, body);
  }
}
