-- Message search ignores accents, as SQLite's full-text index (FTS5, remove_diacritics) already
-- does: a customer types "conexao" for "conexão". Folding is a plain IMMUTABLE translate(), not
-- the unaccent extension, so it needs no extension rights and can feed a generated column. The
-- query side folds its words with the same function (storage::messages::search).
CREATE FUNCTION ispchat_fold(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURNS NULL ON NULL INPUT
    AS $$ SELECT translate($1,
        'áàâãäåāéèêëēíìîïīóòôõöōúùûüūçñýÁÀÂÃÄÅĀÉÈÊËĒÍÌÎÏĪÓÒÔÕÖŌÚÙÛÜŪÇÑÝ',
        'aaaaaaaeeeeeiiiiioooooouuuuucnyaaaaaaaeeeeeiiiiioooooouuuuucny') $$;

DROP INDEX messages_search;
ALTER TABLE messages DROP COLUMN search;
ALTER TABLE messages ADD COLUMN search TSVECTOR
    GENERATED ALWAYS AS (to_tsvector('portuguese', ispchat_fold(content))) STORED;
CREATE INDEX messages_search ON messages USING GIN (search);
