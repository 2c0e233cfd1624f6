namespace Stratus.AccountsDb.RocksDb;

/// <summary>Builds native <c>rocksdb_options_t</c> objects from <see cref="RocksDbOptions"/> and per-family overrides.</summary>
internal static class NativeOptions
{
    /// <summary>
    /// Options carrying both the database-wide settings and one column family's settings (the C API uses one
    /// type for both). The block cache is shared: the table options copy its shared pointer.
    /// </summary>
    internal static OptionsHandle Build(RocksDbOptions db, ColumnFamilyOptions? cf, CacheHandle? cache)
    {
        Validate(db, cf);
        var handle = OptionsHandle.Create();
        var o = handle.DangerousGetHandle();

        RocksDbNative.rocksdb_options_set_create_if_missing(o, RocksDbNative.Bool(db.CreateIfMissing));
        RocksDbNative.rocksdb_options_set_create_missing_column_families(o, RocksDbNative.Bool(db.CreateMissingColumnFamilies));
        RocksDbNative.rocksdb_options_set_error_if_exists(o, RocksDbNative.Bool(db.ErrorIfExists));
        RocksDbNative.rocksdb_options_set_paranoid_checks(o, RocksDbNative.Bool(db.ParanoidChecks));
        RocksDbNative.rocksdb_options_set_max_open_files(o, db.MaxOpenFiles);
        if (db.Parallelism is { } threads) RocksDbNative.rocksdb_options_increase_parallelism(o, threads);
        if (db.MaxBackgroundJobs is { } jobs) RocksDbNative.rocksdb_options_set_max_background_jobs(o, jobs);
        RocksDbNative.rocksdb_options_set_info_log_level(o, (int)db.InfoLogLevel);
        RocksDbNative.rocksdb_options_set_keep_log_file_num(o, (nuint)db.KeepLogFileNum);
        RocksDbNative.rocksdb_options_set_max_log_file_size(o, (nuint)db.MaxLogFileSize);
        if (db.EnableStatistics) RocksDbNative.rocksdb_options_enable_statistics(o);
        RocksDbNative.rocksdb_options_set_stats_dump_period_sec(o, db.StatsDumpPeriodSeconds);
        RocksDbNative.rocksdb_options_set_allow_mmap_reads(o, RocksDbNative.Bool(db.AllowMmapReads));

        RocksDbNative.rocksdb_options_set_write_buffer_size(o, (nuint)(cf?.WriteBufferSize ?? db.WriteBufferSize));
        RocksDbNative.rocksdb_options_set_max_write_buffer_number(o, cf?.MaxWriteBufferNumber ?? db.MaxWriteBufferNumber);
        RocksDbNative.rocksdb_options_set_target_file_size_base(o, cf?.TargetFileSizeBase ?? db.TargetFileSizeBase);
        RocksDbNative.rocksdb_options_set_level_compaction_dynamic_level_bytes(o, RocksDbNative.Bool(db.LevelCompactionDynamicLevelBytes));
        RocksDbNative.rocksdb_options_set_disable_auto_compactions(o, (cf?.DisableAutoCompactions ?? db.DisableAutoCompactions) ? 1 : 0);
        RocksDbNative.rocksdb_options_set_compression(o, (int)(cf?.Compression ?? db.Compression));
        RocksDbNative.rocksdb_options_set_bottommost_compression(o, (int)(cf?.BottommostCompression ?? db.BottommostCompression));
        RocksDbNative.rocksdb_options_set_optimize_filters_for_hits(o, (cf?.OptimizeFiltersForHits ?? db.OptimizeFiltersForHits) ? 1 : 0);

        var table = RocksDbNative.rocksdb_block_based_options_create();
        try
        {
            RocksDbNative.rocksdb_block_based_options_set_block_size(table, (nuint)(cf?.BlockSize ?? db.BlockSize));
            if (cache != null && (cf?.UseBlockCache ?? true)) RocksDbNative.rocksdb_block_based_options_set_block_cache(table, cache.DangerousGetHandle());
            else RocksDbNative.rocksdb_block_based_options_set_no_block_cache(table, 1);
            var bloom = cf?.BloomBitsPerKey ?? db.BloomBitsPerKey;
            if (bloom > 0)
                RocksDbNative.rocksdb_block_based_options_set_filter_policy(table, RocksDbNative.rocksdb_filterpolicy_create_bloom_full(bloom));
            var cacheIndex = cf?.CacheIndexAndFilterBlocks ?? db.CacheIndexAndFilterBlocks;
            RocksDbNative.rocksdb_block_based_options_set_cache_index_and_filter_blocks(table, RocksDbNative.Bool(cacheIndex));
            if (cacheIndex) RocksDbNative.rocksdb_block_based_options_set_pin_l0_filter_and_index_blocks_in_cache(table, 1);
            // Format 5 is the newest understood by RocksDB 7.x and the default there; set explicitly so SST files
            // we write stay readable by the same library whatever its compiled default.
            RocksDbNative.rocksdb_block_based_options_set_format_version(table, 5);
            // XXH3 block checksums (RocksDB's kXXH3 = 4): every block read verifies one, and this library's CRC32c
            // was a tenth of a cold point read's time. Files written with other checksum types stay readable.
            RocksDbNative.rocksdb_block_based_options_set_checksum(table, 4);
            RocksDbNative.rocksdb_block_based_options_set_block_restart_interval(table, cf?.BlockRestartInterval ?? db.BlockRestartInterval);
            RocksDbNative.rocksdb_block_based_options_set_index_block_restart_interval(table, db.IndexBlockRestartInterval);
            RocksDbNative.rocksdb_block_based_options_set_index_type(table, (int)db.IndexType);
            if (db.IndexType == IndexType.TwoLevel)
            {
                RocksDbNative.rocksdb_block_based_options_set_metadata_block_size(table, db.MetadataBlockSize);
                RocksDbNative.rocksdb_block_based_options_set_partition_filters(table, RocksDbNative.Bool(db.PartitionFilters));
            }
            if (cf?.DataBlockHashIndex ?? db.DataBlockHashIndex)
            {
                RocksDbNative.rocksdb_block_based_options_set_data_block_index_type(table, 1);
                RocksDbNative.rocksdb_block_based_options_set_data_block_hash_ratio(table, db.DataBlockHashRatio);
            }
            RocksDbNative.rocksdb_options_set_block_based_table_factory(o, table);
        }
        finally
        {
            RocksDbNative.rocksdb_block_based_options_destroy(table);
        }
        return handle;
    }

    // RocksDB would silently replace these (or divide by them); say which setting is wrong instead.
    private static void Validate(RocksDbOptions db, ColumnFamilyOptions? cf)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cf?.BlockRestartInterval ?? db.BlockRestartInterval, 1, nameof(RocksDbOptions.BlockRestartInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(db.IndexBlockRestartInterval, 1, nameof(RocksDbOptions.IndexBlockRestartInterval));
        if (!(db.DataBlockHashRatio is > 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(RocksDbOptions.DataBlockHashRatio), db.DataBlockHashRatio, "must be in (0, 1]");
        if (!Enum.IsDefined(db.IndexType)) throw new ArgumentOutOfRangeException(nameof(RocksDbOptions.IndexType), db.IndexType, null);
    }

    internal static WriteOptionsHandle BuildWriteOptions(RocksDbOptions db)
    {
        var handle = WriteOptionsHandle.Create();
        var w = handle.DangerousGetHandle();
        RocksDbNative.rocksdb_writeoptions_set_sync(w, RocksDbNative.Bool(db.SyncWrites));
        RocksDbNative.rocksdb_writeoptions_disable_WAL(w, db.DisableWal ? 1 : 0);
        return handle;
    }
}
