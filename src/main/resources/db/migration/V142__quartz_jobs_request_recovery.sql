-- Issue 19: the routes' Quartz jobs ask for recovery (recoverableJob=true): the run of a node that dies is fired again
-- on another node. Jobs stored before keep their stored flag (camel-quartz does not replace a stored job), so they are
-- marked here.
update qrtz_job_details set requests_recovery = true where sched_name = 'signalbridge';
