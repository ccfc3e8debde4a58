-- A customer's file the server could not keep was stored as the text
-- `[file not received: why]`, then its caption: it becomes the `missingFile` attribute (the
-- reason clients translate, the English account as `detail`), and the text keeps the caption.
UPDATE messages SET
  content_attributes = coalesce(content_attributes, '{}'::jsonb) || jsonb_build_object(
    'missingFile', jsonb_build_object(
      'reason', CASE WHEN content LIKE '[file not received: the upload was lost%'
                     THEN 'lost' ELSE 'unavailable' END,
      'detail', substr(content, 21, strpos(content, ']') - 21))),
  content = CASE WHEN strpos(content, chr(10)) > 0
                 THEN substr(content, strpos(content, chr(10)) + 1) ELSE '' END
WHERE content LIKE '[file not received: %]%';
