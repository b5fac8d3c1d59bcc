-- Roles an admin assigned to a user in the console (issue 16). An assignment replaces the roles of the user's
-- identity provider groups until it is removed (io.signalbridge.security.AssignedRoles).
create table user_role_assignment (
    user_name    varchar(320) not null primary key,
    roles        varchar(200) not null,
    assigned_by  varchar(320) not null,
    assigned_at  timestamp    not null
);
