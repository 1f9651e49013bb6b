-- Records the stamp of a loaded file read again and found byte for byte the same (copied, touched, rewritten with the
-- same content), so the next run knows it untouched without reading it (store migration 013). Parameters:
-- $source_file_id, $file_stamp.
update source_files
set file_stamp = $file_stamp
where id = $source_file_id
