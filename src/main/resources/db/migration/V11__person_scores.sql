-- Contact and lead scores (the latest per person): profile fit from title and department, engagement
-- relative to earlier buyers and its grade A-D.

create table person_score (
    person_id            varchar(64)      primary key,
    account_id           varchar(64)      not null,
    person_type          varchar(16)      not null,
    as_of                date             not null,
    profile_score        integer          not null,
    profile_fit          varchar(18)      not null,
    profile_probability  double precision not null,
    engagement_score     integer          not null,
    grade                varchar(1)       not null,
    engagement           double precision not null,
    contributors         text             not null,
    scored_at            timestamp        not null
);
create index person_score_account on person_score (account_id);
