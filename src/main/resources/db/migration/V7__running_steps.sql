-- One running state: a promotion that copies, deploys or verifies is RUNNING, and its running
-- step (already stored in promotion_steps) names what it is doing.
update promotions set status = 'RUNNING' where status in ('COPYING', 'DEPLOYING', 'VERIFYING');

-- What a finished step left for the steps after it and for its undo (the deploy step: the rollout
-- it started). Rows from before have none; the runner then runs such a step again.
alter table promotion_steps add column memo varchar;
