using System.Runtime.InteropServices;
using Stratus.AccountsDb.Native;

namespace Stratus.AccountsDb.RocksDb;

/// <summary>
/// P/Invoke declarations for the subset of RocksDB 7.8.3's C API (rocksdb/c.h) Stratus uses. Functions on shared
/// objects take SafeHandles, so the marshaller holds a reference for the duration of the call (a closed handle
/// throws ObjectDisposedException instead of touching freed memory); constructors, destructors and setters on
/// objects we have not published yet take raw pointers. Every <c>char** errptr</c> is <c>nint*</c>, initialised
/// to zero by the caller and checked with <see cref="RocksDbException.ThrowIfError"/>.
/// </summary>

internal static unsafe partial class RocksDbNative
{
    private const string Lib = NativeLibraries.RocksDbImport;

    static RocksDbNative() => NativeLibraries.Register();

    // ---- memory ----
    [LibraryImport(Lib)] internal static partial void rocksdb_free(nint ptr);

    // ---- database ----
    [LibraryImport(Lib)]
    internal static partial nint rocksdb_open_column_families(nint options, byte* name, int numColumnFamilies,
        byte** columnFamilyNames, nint* columnFamilyOptions, nint* columnFamilyHandles, nint* errptr);

    [LibraryImport(Lib)] internal static partial byte** rocksdb_list_column_families(nint options, byte* name, nuint* count, nint* errptr);
    [LibraryImport(Lib)] internal static partial void rocksdb_list_column_families_destroy(byte** list, nuint count);
    [LibraryImport(Lib)] internal static partial void rocksdb_close(nint db);
    [LibraryImport(Lib)] internal static partial nint rocksdb_create_column_family(DbHandle db, nint options, byte* name, nint* errptr);
    [LibraryImport(Lib)] internal static partial void rocksdb_drop_column_family(DbHandle db, ColumnFamilyHandle cf, nint* errptr);
    [LibraryImport(Lib)] internal static partial void rocksdb_column_family_handle_destroy(nint cf);

    [LibraryImport(Lib)]
    internal static partial void rocksdb_put_cf(DbHandle db, WriteOptionsHandle options, ColumnFamilyHandle cf,
        byte* key, nuint keyLength, byte* value, nuint valueLength, nint* errptr);

    [LibraryImport(Lib)]
    internal static partial void rocksdb_delete_cf(DbHandle db, WriteOptionsHandle options, ColumnFamilyHandle cf,
        byte* key, nuint keyLength, nint* errptr);

    [LibraryImport(Lib)]
    internal static partial void rocksdb_delete_range_cf(DbHandle db, WriteOptionsHandle options, ColumnFamilyHandle cf,
        byte* startKey, nuint startKeyLength, byte* endKey, nuint endKeyLength, nint* errptr);

    [LibraryImport(Lib)] internal static partial void rocksdb_write(DbHandle db, WriteOptionsHandle options, WriteBatchHandle batch, nint* errptr);

    [LibraryImport(Lib)]
    internal static partial nint rocksdb_get_pinned_cf(DbHandle db, ReadOptionsHandle options, ColumnFamilyHandle cf,
        byte* key, nuint keyLength, nint* errptr);

    [LibraryImport(Lib), SuppressGCTransition] internal static partial byte* rocksdb_pinnableslice_value(nint slice, nuint* valueLength);
    [LibraryImport(Lib)] internal static partial void rocksdb_pinnableslice_destroy(nint slice);

    [LibraryImport(Lib)] internal static partial nint rocksdb_create_iterator_cf(DbHandle db, ReadOptionsHandle options, ColumnFamilyHandle cf);
    [LibraryImport(Lib)] internal static partial nint rocksdb_create_snapshot(nint db);
    [LibraryImport(Lib)] internal static partial void rocksdb_release_snapshot(nint db, nint snapshot);
    [LibraryImport(Lib)] internal static partial ulong rocksdb_get_latest_sequence_number(DbHandle db);

    [LibraryImport(Lib)] internal static partial nint rocksdb_property_value_cf(DbHandle db, ColumnFamilyHandle cf, byte* name);
    [LibraryImport(Lib)] internal static partial int rocksdb_property_int_cf(DbHandle db, ColumnFamilyHandle cf, byte* name, ulong* value);

    [LibraryImport(Lib)]
    internal static partial void rocksdb_compact_range_cf(DbHandle db, ColumnFamilyHandle cf,
        byte* startKey, nuint startKeyLength, byte* limitKey, nuint limitKeyLength);

    [LibraryImport(Lib)] internal static partial void rocksdb_flush_cf(DbHandle db, nint flushOptions, ColumnFamilyHandle cf, nint* errptr);
    [LibraryImport(Lib)] internal static partial void rocksdb_flush_wal(DbHandle db, byte sync, nint* errptr);
    [LibraryImport(Lib)] internal static partial nint rocksdb_flushoptions_create();
    [LibraryImport(Lib)] internal static partial void rocksdb_flushoptions_destroy(nint options);
    [LibraryImport(Lib)] internal static partial void rocksdb_flushoptions_set_wait(nint options, byte wait);

    // ---- options ----
    [LibraryImport(Lib)] internal static partial nint rocksdb_options_create();
    [LibraryImport(Lib)] internal static partial void rocksdb_options_destroy(nint options);
    [LibraryImport(Lib)] internal static partial void rocksdb_options_set_create_if_missing(nint options, byte value);
    [LibraryImport(Lib)] internal static partial void rocksdb_options_set_create_missing_column_families(nint options, byte value);
    [LibraryImport(Lib)] internal static partial void rocksdb_options_set_error_if_exists(nint options, byte value);
    [LibraryImport(Lib)] internal static partial void rocksdb_options_set_paranoid_checks(nint options, byte value);
    [LibraryImport(Lib)] internal static partial void rocksdb_options_set_max_open_files(nint options, int value);
    [LibraryImport(Lib)] internal static partial void rocksdb_options_set_write_buffer_size(nint options, nuint value);
    [LibraryImport(Lib)] internal static partial void rocksdb_options_set_max_write_buffer_number(nint options, int value);
    [LibraryImport(Lib)] internal static partial void rocksdb_options_set_target_file_size_base(nint options, ulong value);
    [LibraryImport(Lib)] internal static partial void rocksdb_options_set_level_compaction_dynamic_level_bytes(nint options, byte value);
    [LibraryImport(Lib)] internal static partial void rocksdb_options_set_max_background_jobs(nint options, int value);
    [LibraryImport(Lib)] internal static partial void rocksdb_options_increase_parallelism(nint options, int totalThreads);
    [LibraryImport(Lib)] internal static partial void rocksdb_options_set_compression(nint options, int value);
    [LibraryImport(Lib)] internal static partial void rocksdb_options_set_bottommost_compression(nint options, int value);
    [LibraryImport(Lib)] internal static partial void rocksdb_options_set_disable_auto_compactions(nint options, int value);
    [LibraryImport(Lib)] internal static partial void rocksdb_options_enable_statistics(nint options);
    [LibraryImport(Lib)] internal static partial void rocksdb_options_set_stats_dump_period_sec(nint options, uint value);
    [LibraryImport(Lib)] internal static partial nint rocksdb_options_statistics_get_string(OptionsHandle options);
    [LibraryImport(Lib)] internal static partial void rocksdb_options_set_info_log_level(nint options, int value);
    [LibraryImport(Lib)] internal static partial void rocksdb_options_set_keep_log_file_num(nint options, nuint value);
    [LibraryImport(Lib)] internal static partial void rocksdb_options_set_max_log_file_size(nint options, nuint value);
    [LibraryImport(Lib)] internal static partial void rocksdb_options_set_block_based_table_factory(nint options, nint tableOptions);

    [LibraryImport(Lib)] internal static partial nint rocksdb_block_based_options_create();
    [LibraryImport(Lib)] internal static partial void rocksdb_block_based_options_destroy(nint tableOptions);
    [LibraryImport(Lib)] internal static partial void rocksdb_block_based_options_set_block_size(nint tableOptions, nuint value);
    [LibraryImport(Lib)] internal static partial void rocksdb_block_based_options_set_block_cache(nint tableOptions, nint cache);
    [LibraryImport(Lib)] internal static partial void rocksdb_block_based_options_set_no_block_cache(nint tableOptions, byte value);
    /// <summary>Takes ownership of <paramref name="filterPolicy"/> (the table options hold it in a shared pointer).</summary>
    [LibraryImport(Lib)] internal static partial void rocksdb_block_based_options_set_filter_policy(nint tableOptions, nint filterPolicy);
    [LibraryImport(Lib)] internal static partial void rocksdb_block_based_options_set_cache_index_and_filter_blocks(nint tableOptions, byte value);
    [LibraryImport(Lib)] internal static partial void rocksdb_block_based_options_set_pin_l0_filter_and_index_blocks_in_cache(nint tableOptions, byte value);
    [LibraryImport(Lib)] internal static partial void rocksdb_block_based_options_set_format_version(nint tableOptions, int value);
    [LibraryImport(Lib)] internal static partial void rocksdb_block_based_options_set_data_block_index_type(nint tableOptions, int value);
    [LibraryImport(Lib)] internal static partial void rocksdb_block_based_options_set_data_block_hash_ratio(nint tableOptions, double value);
    [LibraryImport(Lib)] internal static partial void rocksdb_options_set_allow_mmap_reads(nint options, byte value);
    [LibraryImport(Lib)] internal static partial void rocksdb_block_based_options_set_block_restart_interval(nint tableOptions, int value);
    [LibraryImport(Lib)] internal static partial void rocksdb_block_based_options_set_index_block_restart_interval(nint tableOptions, int value);
    [LibraryImport(Lib)] internal static partial void rocksdb_block_based_options_set_index_type(nint tableOptions, int value);
    [LibraryImport(Lib)] internal static partial void rocksdb_block_based_options_set_metadata_block_size(nint tableOptions, ulong value);
    [LibraryImport(Lib)] internal static partial void rocksdb_block_based_options_set_partition_filters(nint tableOptions, byte value);
    [LibraryImport(Lib)] internal static partial void rocksdb_options_set_optimize_filters_for_hits(nint options, int value);
    [LibraryImport(Lib)] internal static partial void rocksdb_block_based_options_set_checksum(nint tableOptions, byte value);
    [LibraryImport(Lib)] internal static partial nint rocksdb_filterpolicy_create_bloom_full(double bitsPerKey);

    [LibraryImport(Lib)] internal static partial nint rocksdb_cache_create_lru(nuint capacity);
    [LibraryImport(Lib)] internal static partial void rocksdb_cache_destroy(nint cache);
    [LibraryImport(Lib)] internal static partial nuint rocksdb_cache_get_usage(CacheHandle cache);
    [LibraryImport(Lib)] internal static partial nuint rocksdb_cache_get_pinned_usage(CacheHandle cache);
    [LibraryImport(Lib)] internal static partial nuint rocksdb_cache_get_capacity(CacheHandle cache);

    [LibraryImport(Lib)] internal static partial nint rocksdb_readoptions_create();
    [LibraryImport(Lib)] internal static partial void rocksdb_readoptions_destroy(nint options);
    [LibraryImport(Lib)] internal static partial void rocksdb_readoptions_set_snapshot(nint options, nint snapshot);
    [LibraryImport(Lib)] internal static partial void rocksdb_readoptions_set_fill_cache(nint options, byte value);
    [LibraryImport(Lib)] internal static partial void rocksdb_readoptions_set_verify_checksums(nint options, byte value);
    [LibraryImport(Lib)] internal static partial void rocksdb_readoptions_set_iterate_lower_bound(nint options, byte* key, nuint keyLength);
    [LibraryImport(Lib)] internal static partial void rocksdb_readoptions_set_iterate_upper_bound(nint options, byte* key, nuint keyLength);
    [LibraryImport(Lib)] internal static partial void rocksdb_readoptions_set_readahead_size(nint options, nuint value);

    [LibraryImport(Lib)] internal static partial nint rocksdb_writeoptions_create();
    [LibraryImport(Lib)] internal static partial void rocksdb_writeoptions_destroy(nint options);
    [LibraryImport(Lib)] internal static partial void rocksdb_writeoptions_set_sync(nint options, byte value);
    [LibraryImport(Lib)] internal static partial void rocksdb_writeoptions_disable_WAL(nint options, int disable);

    // ---- iterator ----
    [LibraryImport(Lib)] internal static partial void rocksdb_iter_destroy(nint iterator);
    [LibraryImport(Lib), SuppressGCTransition] internal static partial byte rocksdb_iter_valid(IteratorHandle iterator);
    [LibraryImport(Lib)] internal static partial void rocksdb_iter_seek_to_first(IteratorHandle iterator);
    [LibraryImport(Lib)] internal static partial void rocksdb_iter_seek_to_last(IteratorHandle iterator);
    [LibraryImport(Lib)] internal static partial void rocksdb_iter_seek(IteratorHandle iterator, byte* key, nuint keyLength);
    [LibraryImport(Lib)] internal static partial void rocksdb_iter_seek_for_prev(IteratorHandle iterator, byte* key, nuint keyLength);
    [LibraryImport(Lib)] internal static partial void rocksdb_iter_next(IteratorHandle iterator);
    [LibraryImport(Lib)] internal static partial void rocksdb_iter_prev(IteratorHandle iterator);
    [LibraryImport(Lib), SuppressGCTransition] internal static partial byte* rocksdb_iter_key(IteratorHandle iterator, nuint* keyLength);
    [LibraryImport(Lib), SuppressGCTransition] internal static partial byte* rocksdb_iter_value(IteratorHandle iterator, nuint* valueLength);
    [LibraryImport(Lib)] internal static partial void rocksdb_iter_get_error(IteratorHandle iterator, nint* errptr);

    // ---- write batch ----
    [LibraryImport(Lib)] internal static partial nint rocksdb_writebatch_create();
    [LibraryImport(Lib)] internal static partial void rocksdb_writebatch_destroy(nint batch);
    [LibraryImport(Lib)] internal static partial void rocksdb_writebatch_clear(WriteBatchHandle batch);
    [LibraryImport(Lib)] internal static partial int rocksdb_writebatch_count(WriteBatchHandle batch);
    [LibraryImport(Lib)] internal static partial byte* rocksdb_writebatch_data(WriteBatchHandle batch, nuint* size);

    [LibraryImport(Lib)]
    internal static partial void rocksdb_writebatch_put_cf(WriteBatchHandle batch, ColumnFamilyHandle cf,
        byte* key, nuint keyLength, byte* value, nuint valueLength);

    [LibraryImport(Lib)]
    internal static partial void rocksdb_writebatch_delete_cf(WriteBatchHandle batch, ColumnFamilyHandle cf, byte* key, nuint keyLength);

    [LibraryImport(Lib)]
    internal static partial void rocksdb_writebatch_delete_range_cf(WriteBatchHandle batch, ColumnFamilyHandle cf,
        byte* startKey, nuint startKeyLength, byte* endKey, nuint endKeyLength);

    // ---- SST files ----
    [LibraryImport(Lib)] internal static partial nint rocksdb_envoptions_create();
    [LibraryImport(Lib)] internal static partial void rocksdb_envoptions_destroy(nint options);
    [LibraryImport(Lib)] internal static partial nint rocksdb_sstfilewriter_create(nint envOptions, nint options);
    [LibraryImport(Lib)] internal static partial void rocksdb_sstfilewriter_destroy(nint writer);
    [LibraryImport(Lib)] internal static partial void rocksdb_sstfilewriter_open(SstFileWriterHandle writer, byte* name, nint* errptr);

    [LibraryImport(Lib)]
    internal static partial void rocksdb_sstfilewriter_put(SstFileWriterHandle writer, byte* key, nuint keyLength,
        byte* value, nuint valueLength, nint* errptr);

    [LibraryImport(Lib)]
    internal static partial void rocksdb_sstfilewriter_delete(SstFileWriterHandle writer, byte* key, nuint keyLength, nint* errptr);

    [LibraryImport(Lib)] internal static partial void rocksdb_sstfilewriter_finish(SstFileWriterHandle writer, nint* errptr);
    [LibraryImport(Lib)] internal static partial void rocksdb_sstfilewriter_file_size(SstFileWriterHandle writer, ulong* size);

    [LibraryImport(Lib)] internal static partial nint rocksdb_ingestexternalfileoptions_create();
    [LibraryImport(Lib)] internal static partial void rocksdb_ingestexternalfileoptions_destroy(nint options);
    [LibraryImport(Lib)] internal static partial void rocksdb_ingestexternalfileoptions_set_move_files(nint options, byte value);
    [LibraryImport(Lib)] internal static partial void rocksdb_ingestexternalfileoptions_set_snapshot_consistency(nint options, byte value);
    [LibraryImport(Lib)] internal static partial void rocksdb_ingestexternalfileoptions_set_allow_global_seqno(nint options, byte value);
    [LibraryImport(Lib)] internal static partial void rocksdb_ingestexternalfileoptions_set_allow_blocking_flush(nint options, byte value);
    [LibraryImport(Lib)] internal static partial void rocksdb_ingestexternalfileoptions_set_ingest_behind(nint options, byte value);

    [LibraryImport(Lib)]
    internal static partial void rocksdb_ingest_external_file_cf(DbHandle db, ColumnFamilyHandle cf, byte** files, nuint count,
        nint options, nint* errptr);

    /// <summary>Copies a malloc()ed C string returned by RocksDB and frees it; null stays null.</summary>
    internal static string? TakeString(nint malloced)
    {
        if (malloced == 0) return null;
        try
        {
            return Marshal.PtrToStringUTF8(malloced);
        }
        finally
        {
            rocksdb_free(malloced);
        }
    }

    /// <summary>The C API's <c>unsigned char</c> flag.</summary>
    internal static byte Bool(bool value) => value ? (byte)1 : (byte)0;
}
