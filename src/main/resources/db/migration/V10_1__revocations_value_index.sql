-- A node whose in-memory deny-list is full (nexus.revocation.max-cached-entries) asks PostgreSQL
-- about each token its memory does not refuse: by value (the jti, session id or user id). Built
-- CONCURRENTLY, outside a transaction (the .conf file beside this script), as V10.
DROP INDEX CONCURRENTLY IF EXISTS revocations_value_idx;
CREATE INDEX CONCURRENTLY revocations_value_idx ON revocations (value);
