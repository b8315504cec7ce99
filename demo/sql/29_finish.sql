-- demo/sql/29_finish.sql: keys and indexes after the bulk load (faster than before it).
ALTER TABLE survey_responses ADD PRIMARY KEY (response_id);
ALTER TABLE survey_responses ADD FOREIGN KEY (account_id) REFERENCES accounts;
CREATE INDEX ON survey_responses (answered_at);
CREATE SEQUENCE survey_responses_id_seq OWNED BY survey_responses.response_id;
SELECT setval('survey_responses_id_seq', max(response_id)) FROM survey_responses;
ALTER TABLE survey_responses ALTER response_id SET DEFAULT nextval('survey_responses_id_seq');
VACUUM ANALYZE accounts, survey_responses;
