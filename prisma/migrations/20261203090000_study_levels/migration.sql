-- The French cursus as study levels (issue 13): the licence years, the bachelor, the
-- engineering cycle's first years and university diplomas, so that a level outside the
-- final-year master-level ones is recorded as what it is, not as "other".
ALTER TYPE "StudyLevel" ADD VALUE 'preparatory' BEFORE 'licence_pro';
ALTER TYPE "StudyLevel" ADD VALUE 'l1' BEFORE 'licence_pro';
ALTER TYPE "StudyLevel" ADD VALUE 'l2' BEFORE 'licence_pro';
ALTER TYPE "StudyLevel" ADD VALUE 'l3' BEFORE 'licence_pro';
ALTER TYPE "StudyLevel" ADD VALUE 'bachelor' AFTER 'licence_pro';
ALTER TYPE "StudyLevel" ADD VALUE 'engineering_1' AFTER 'm2';
ALTER TYPE "StudyLevel" ADD VALUE 'engineering_2' AFTER 'engineering_1';
ALTER TYPE "StudyLevel" ADD VALUE 'du' AFTER 'msc';
