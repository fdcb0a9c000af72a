-- Placeholder on the agreements branch only: number 0002 belongs to the docket branch, whose real
-- migration replaces this file at merge. It exists so that 0003_agreements keeps the 1, 2, 3 sequence.
SELECT 1;
