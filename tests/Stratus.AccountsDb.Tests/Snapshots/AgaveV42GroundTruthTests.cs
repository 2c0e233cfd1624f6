using System.Buffers.Binary;
using System.Text.Json;
using Stratus.AccountsDb.Snapshots;
using Stratus.Core;
using Stratus.Core.Transactions;
using Stratus.TestCommon;

namespace Stratus.AccountsDb.Tests.Snapshots;

/// <summary>
/// The slot-100 snapshot written by Agave v4.2.0-beta.1 (Sig's snapshot generator) against the JSON the generator
/// wrote from Agave's own in-memory values: every field the archive carries is compared.
/// </summary>
public sealed class AgaveV42GroundTruthTests
{
    private static JsonElement Json() => JsonDocument.Parse(File.ReadAllBytes(SharedData.DataPath(SnapshotFiles.AgaveV42Json))).RootElement;

    private static SnapshotArchiveReader Archive() => SnapshotFiles.Open(SnapshotFiles.AgaveV42);

    [SharedFact(SnapshotFiles.AgaveV42, SnapshotFiles.AgaveV42Json)]
    public void Bank_fields_match()
    {
        var json = Json().GetProperty("bank_fields");
        using var archive = Archive();
        var bank = archive.Manifest.Bank;

        Assert.Equal(U64(json, "slot"), bank.Slot);
        Assert.Equal(U64(json, "parent_slot"), bank.ParentSlot);
        Assert.Equal(U64(json, "block_height"), bank.BlockHeight);
        Assert.Equal(Str(json, "hash"), bank.Hash.ToString());
        Assert.Equal(Str(json, "parent_hash"), bank.ParentHash.ToString());
        Assert.Equal(Str(json, "leader_id"), bank.CollectorId.ToString());
        Assert.Equal(U64(json, "transaction_count"), bank.TransactionCount);
        Assert.Equal(U64(json, "signature_count"), bank.SignatureCount);
        Assert.Equal(U64(json, "tick_height"), bank.TickHeight);
        Assert.Equal(U64(json, "max_tick_height"), bank.MaxTickHeight);
        Assert.Equal(U64(json, "ticks_per_slot"), bank.TicksPerSlot);
        Assert.Equal(U64(json, "hashes_per_tick"), bank.HashesPerTick);
        Assert.Equal((UInt128)U64(json, "ns_per_slot"), bank.NsPerSlot);
        Assert.Equal(json.GetProperty("slots_per_year").GetDouble(), bank.SlotsPerYear);
        Assert.Equal(json.GetProperty("genesis_creation_time").GetInt64(), bank.GenesisCreationTime);
        Assert.Equal(U64(json, "accounts_data_len"), bank.AccountsDataLen);
        Assert.Equal(U64(json, "capitalization"), bank.Capitalization);
        Assert.Equal(json.GetProperty("is_delta").GetBoolean(), bank.IsDelta);

        // Agave 4.x writes 0 for the epoch (agave#11135) and derives it from the schedule on load.
        Assert.Equal(0UL, bank.Epoch);
        Assert.Equal(U64(json, "epoch"), bank.EffectiveEpoch);

        var governor = json.GetProperty("fee_rate_governor");
        Assert.Equal(U64(governor, "target_lamports_per_signature"), bank.FeeRateGovernor.TargetLamportsPerSignature);
        Assert.Equal(U64(governor, "target_signatures_per_slot"), bank.FeeRateGovernor.TargetSignaturesPerSlot);
        Assert.Equal(U64(governor, "min_lamports_per_signature"), bank.FeeRateGovernor.MinLamportsPerSignature);
        Assert.Equal(U64(governor, "max_lamports_per_signature"), bank.FeeRateGovernor.MaxLamportsPerSignature);
        Assert.Equal(U64(governor, "burn_percent"), bank.FeeRateGovernor.BurnPercent);
        // lamports_per_signature is serde-skipped: the in-memory 4750 in the JSON is not in the file.
        Assert.Equal(0UL, bank.FeeRateGovernor.LamportsPerSignature);

        var schedule = json.GetProperty("epoch_schedule");
        Assert.Equal(U64(schedule, "slots_per_epoch"), bank.EpochSchedule.SlotsPerEpoch);
        Assert.Equal(U64(schedule, "leader_schedule_slot_offset"), bank.EpochSchedule.LeaderScheduleSlotOffset);
        Assert.Equal(schedule.GetProperty("warmup").GetBoolean(), bank.EpochSchedule.Warmup);
        Assert.Equal(U64(schedule, "first_normal_epoch"), bank.EpochSchedule.FirstNormalEpoch);
        Assert.Equal(U64(schedule, "first_normal_slot"), bank.EpochSchedule.FirstNormalSlot);

        var inflation = json.GetProperty("inflation");
        Assert.Equal(inflation.GetProperty("initial").GetDouble(), bank.Inflation.Initial);
        Assert.Equal(inflation.GetProperty("terminal").GetDouble(), bank.Inflation.Terminal);
        Assert.Equal(inflation.GetProperty("taper").GetDouble(), bank.Inflation.Taper);
        Assert.Equal(inflation.GetProperty("foundation").GetDouble(), bank.Inflation.Foundation);
        Assert.Equal(inflation.GetProperty("foundation_term").GetDouble(), bank.Inflation.FoundationTerm);

        var queue = json.GetProperty("blockhash_queue");
        Assert.Equal(U64(queue, "last_hash_index"), bank.BlockhashQueue.LastHashIndex);
        Assert.Equal(Str(queue, "last_hash"), bank.BlockhashQueue.LastHash.ToString());
        Assert.Equal(U64(queue, "max_age"), bank.BlockhashQueue.MaxAge);
        var hashes = bank.BlockhashQueue.Hashes.OrderBy(h => h.Hash).ToList();
        var expectedHashes = queue.GetProperty("hashes").EnumerateArray().ToList();
        Assert.Equal(expectedHashes.Count, hashes.Count);
        for (var i = 0; i < hashes.Count; i++)
        {
            Assert.Equal(Str(expectedHashes[i], "hash"), hashes[i].Hash.ToString());
            Assert.Equal(U64(expectedHashes[i], "lamports_per_signature"), hashes[i].LamportsPerSignature);
            Assert.Equal(U64(expectedHashes[i], "hash_index"), hashes[i].HashIndex);
            Assert.Equal(U64(expectedHashes[i], "timestamp_ms"), hashes[i].Timestamp);
        }

        Assert.Equal(
            json.GetProperty("hard_forks").EnumerateArray().Select(f => new HardFork(U64(f, "slot"), U64(f, "count"))),
            bank.HardForks);

        AssertStakes(json.GetProperty("stakes"), bank.Stakes, archive);
        Assert.Empty(bank.EpochStakes); // Agave 4.x writes only versioned epoch stakes
        Assert.Empty(bank.Ancestors);
        Assert.Equal(0UL, bank.CollectorFees);
        Assert.Equal(0UL, bank.CollectedRent);
    }

    [SharedFact(SnapshotFiles.AgaveV42, SnapshotFiles.AgaveV42Json)]
    public void Extra_and_merged_fields_match()
    {
        var root = Json();
        var json = root.GetProperty("extra_fields");
        using var archive = Archive();
        var manifest = archive.Manifest;
        var extra = manifest.Extra;

        Assert.Equal(6, extra.Count);
        Assert.Equal(ManifestLayout.Agave4WithBlockId, manifest.Layout);
        Assert.Equal(0, manifest.TrailingBytes);
        Assert.Equal(U64(json, "lamports_per_signature"), extra.LamportsPerSignature);
        Assert.Equal(Str(json, "block_id"), extra.BlockId.ToString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("unused_incremental_snapshot_persistence").ValueKind);
        Assert.Null(extra.IncrementalSnapshotPersistence);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("unused_epoch_accounts_hash").ValueKind);
        Assert.Null(extra.EpochAccountsHash);
        Assert.Equal(Str(json, "accounts_lt_hash"), Convert.ToHexStringLower(extra.AccountsLtHash!.Bytes));

        var expected = json.GetProperty("versioned_epoch_stakes").EnumerateArray().ToList();
        var actual = extra.VersionedEpochStakes.OrderBy(e => e.Epoch).ToList();
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < actual.Count; i++)
        {
            var e = expected[i];
            var a = actual[i];
            Assert.Equal("Current", Str(e, "variant"));
            Assert.Equal(U64(e, "epoch"), a.Epoch);
            Assert.Equal(U64(e, "total_stake"), a.TotalStake);
            Assert.Equal(StakesFormat.Stake, a.Stakes.Format);
            var votes = a.Stakes.VoteAccounts.OrderBy(v => v.VotePubkey).ToList();
            var expectedVotes = e.GetProperty("vote_accounts").EnumerateArray().ToList();
            Assert.Equal(expectedVotes.Count, votes.Count);
            for (var j = 0; j < votes.Count; j++)
            {
                Assert.Equal(Str(expectedVotes[j], "vote_pubkey"), votes[j].VotePubkey.ToString());
                Assert.Equal(U64(expectedVotes[j], "stake"), votes[j].Stake);
                Assert.Equal(Str(expectedVotes[j], "node_pubkey"), votes[j].NodePubkey.ToString());
                Assert.Equal(U64(expectedVotes[j], "lamports"), votes[j].Account.Lamports);
                Assert.Equal(Str(expectedVotes[j], "owner"), votes[j].Account.Owner.ToString());
            }
            // The JSON lists the generator's input delegations, but Agave 4.x keeps only vote accounts in epoch
            // stakes (the delegations are dropped before serializing), so the file has none.
            Assert.Equal(2, e.GetProperty("stake_delegations").GetArrayLength());
            Assert.Empty(a.Stakes.StakeDelegations);
            var nodes = a.NodeIdToVoteAccounts.OrderBy(n => n.NodeId).ToList();
            var expectedNodes = e.GetProperty("node_id_to_vote_accounts").EnumerateArray().ToList();
            Assert.Equal(expectedNodes.Count, nodes.Count);
            for (var j = 0; j < nodes.Count; j++)
            {
                Assert.Equal(Str(expectedNodes[j], "node_id"), nodes[j].NodeId.ToString());
                Assert.Equal(U64(expectedNodes[j], "total_stake"), nodes[j].TotalStake);
                Assert.Equal(expectedNodes[j].GetProperty("vote_pubkeys").EnumerateArray().Select(p => p.GetString()), nodes[j].VoteAccounts.Select(p => p.ToString()));
            }
            Assert.Equal(
                e.GetProperty("epoch_authorized_voters").EnumerateArray().Select(v => (Str(v, "vote_pubkey"), Str(v, "authorized_voter"))),
                a.EpochAuthorizedVoters.OrderBy(v => v.VoteAccount).Select(v => (v.VoteAccount.ToString(), v.AuthorizedVoter.ToString())));
        }

        // The merged view: the extra lamports_per_signature replaces the governor's, versioned stakes are the epoch stakes.
        var merged = root.GetProperty("merged_fields");
        Assert.Equal(U64(merged.GetProperty("fee_rate_governor"), "lamports_per_signature"), manifest.FeeRateGovernor.LamportsPerSignature);
        Assert.Equal(U64(merged.GetProperty("fee_rate_governor"), "min_lamports_per_signature"), manifest.FeeRateGovernor.MinLamportsPerSignature);
        Assert.Equal(
            merged.GetProperty("versioned_epoch_stakes").EnumerateArray().Select(e => U64(e, "epoch")),
            manifest.EpochStakes.Keys);
        Assert.Equal(Str(merged, "accounts_lt_hash"), Convert.ToHexStringLower(extra.AccountsLtHash.Bytes));
    }

    [SharedFact(SnapshotFiles.AgaveV42, SnapshotFiles.AgaveV42Json)]
    public void Accounts_db_fields_and_files_match()
    {
        var json = Json().GetProperty("accounts");
        using var archive = Archive();
        var accountsDb = archive.Manifest.AccountsDb;
        var files = json.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(U64(json, "file_count"), (ulong)accountsDb.Storages.Count);
        Assert.Equal(
            files.Select(f => (U64(f, "slot"), U64(f, "id"))).Order(),
            accountsDb.Storages.Select(s => (s.Slot, s.Id)).Order());
        Assert.Equal(100UL, accountsDb.Slot);
        Assert.Equal(0UL, accountsDb.WriteVersion);
        Assert.Equal(Hash.Default, accountsDb.BankHashInfo.AccountsDeltaHash);
        Assert.Equal(Hash.Default, accountsDb.BankHashInfo.AccountsHash);
        Assert.Empty(accountsDb.HistoricalRoots!);
        Assert.Empty(accountsDb.HistoricalRootsWithHash!);

        var seen = new List<(string Path, long Size, ulong ValidLength)>();
        while (archive.TryReadNextAccountsFile(out var file))
        {
            seen.Add((file.ArchivePath, file.FileSize, (ulong)file.ValidLength));
            Assert.Equal(accountsDb.Storages.Single(s => s.Slot == file.Slot && s.Id == file.Id).AccountsCurrentLen, (ulong)file.ValidLength);
        }
        Assert.Equal(files.Select(f => (Str(f, "path"), f.GetProperty("on_disk_size").GetInt64())), seen.Select(s => (s.Path, s.Size)));
    }

    [SharedFact(SnapshotFiles.AgaveV42, SnapshotFiles.AgaveV42Json)]
    public void Every_account_record_matches()
    {
        var json = Json().GetProperty("accounts");
        var expected = json.GetProperty("entries").EnumerateArray().ToList();
        using var archive = Archive();
        var manifest = archive.Manifest;
        var actual = archive.EnumerateAccounts().ToList();
        Assert.Equal(U64(json, "count"), (ulong)actual.Count);

        for (var i = 0; i < actual.Count; i++)
        {
            var e = expected[i];
            var a = actual[i];
            Assert.Equal(U64(e, "slot"), a.Slot);
            Assert.Equal(U64(e, "file_id"), a.FileId);
            Assert.Equal(Str(e, "pubkey"), a.Pubkey.ToString());
            Assert.Equal(U64(e, "lamports"), a.Account.Lamports);
            Assert.Equal(Str(e, "owner"), a.Account.Owner.ToString());
            Assert.Equal(e.GetProperty("executable").GetBoolean(), a.Account.Executable);
            Assert.Equal(U64(e, "rent_epoch"), a.Account.RentEpoch);
            Assert.Equal(U64(e, "data_len"), (ulong)a.Account.DataLength);
            Assert.Equal(Str(e, "data_hex"), Convert.ToHexStringLower(a.Account.Data));
            var lt = LtHashing.Account(a.Account.Lamports, a.Account.Data, a.Account.Executable, a.Account.Owner, a.Pubkey);
            Assert.Equal(Str(e, "account_lt_hash_first_32_hex"), Convert.ToHexStringLower(lt.AsSpan(0, 32)));
        }

        // Highest slot wins per pubkey; the survivors are the JSON's live set, their lamports the capitalization
        // and their lattice hashes sum to the manifest's accounts_lt_hash.
        var live = actual.Select((a, i) => (a, i)).GroupBy(x => x.a.Pubkey).Select(g => g.MaxBy(x => x.a.Slot)).ToList();
        Assert.Equal(json.GetProperty("live_indices").EnumerateArray().Select(x => x.GetInt32()), live.Select(x => x.i).Order());
        Assert.Equal(manifest.Bank.Capitalization, live.Aggregate(0UL, (sum, x) => sum + x.a.Account.Lamports));
        var total = new byte[Stratus.Crypto.LtHash.Size];
        foreach (var (a, _) in live) LtHashing.Add(total, LtHashing.Account(a.Account.Lamports, a.Account.Data, a.Account.Executable, a.Account.Owner, a.Pubkey));
        Assert.Equal(manifest.Extra.AccountsLtHash!.Bytes.ToArray(), total);

        // The slot history sysvar's bits are the JSON's found slots.
        var slotHistory = live.Single(x => x.a.Pubkey == Pubkey.Parse("SysvarS1otHistory11111111111111111111111111")).a.Account.Data.ToArray();
        Assert.Equal(Json().GetProperty("merged_fields").GetProperty("slot_history_found_slots").EnumerateArray().Select(x => x.GetUInt64()), FoundSlots(slotHistory));
    }

    [SharedFact(SnapshotFiles.AgaveV42, SnapshotFiles.AgaveV42Json)]
    public void Status_cache_matches()
    {
        var json = Json().GetProperty("status_cache");
        using var archive = Archive();
        var cache = archive.StatusCache;
        var deltas = json.GetProperty("slot_deltas").EnumerateArray().ToList();
        Assert.Equal(json.GetProperty("slot_deltas_count").GetInt32(), cache.SlotDeltas.Count);
        for (var i = 0; i < deltas.Count; i++)
        {
            var e = deltas[i];
            var a = cache.SlotDeltas[i];
            Assert.Equal(U64(e, "slot"), a.Slot);
            Assert.Equal(e.GetProperty("is_root").GetBoolean(), a.IsRoot);
            var buckets = e.GetProperty("buckets").EnumerateArray().ToList();
            Assert.Equal(buckets.Count, a.Blockhashes.Count);
            for (var j = 0; j < buckets.Count; j++)
            {
                Assert.Equal(Str(buckets[j], "blockhash_hex"), Convert.ToHexStringLower(a.Blockhashes[j].Blockhash.AsSpan()));
                Assert.Equal(U64(buckets[j], "fork_count"), a.Blockhashes[j].KeyIndex);
                var entries = buckets[j].GetProperty("entries").EnumerateArray().ToList();
                Assert.Equal(entries.Count, a.Blockhashes[j].Entries.Count);
                for (var k = 0; k < entries.Count; k++)
                {
                    var entry = a.Blockhashes[j].Entries[k];
                    Assert.Equal(Str(entries[k], "key_slice_hex"), entry.Key.ToString());
                    var result = entries[k].GetProperty("result");
                    if (Str(result, "type") == "Ok")
                    {
                        Assert.Null(entry.Error);
                        continue;
                    }
                    var error = result.GetProperty("transaction_error");
                    Assert.Equal("InstructionError", Str(error, "type"));
                    Assert.Equal("Custom", Str(error.GetProperty("instruction_error"), "type"));
                    Assert.Equal(
                        TransactionError.FromInstruction((byte)U64(error, "instruction_index"),
                            InstructionError.FromCustom((uint)U64(error.GetProperty("instruction_error"), "custom_code"))),
                        entry.Error);
                }
            }
        }
    }

    [SharedFact(SnapshotFiles.AgaveV42)]
    public void Archive_metadata()
    {
        using var archive = Archive();
        Assert.Equal("1.2.0", archive.Version);
        Assert.Equal(ArchiveCompression.Zstd, archive.Compression);
        Assert.Null(archive.ArchiveName); // the file name is not a standard snapshot name
        Assert.Null(archive.IncrementalBaseSlot);
        var (_, files, accounts) = ArchiveRewriter.ReadAll(archive);
        Assert.Equal(3, files);
        Assert.Equal(9, accounts);
        Assert.False(archive.TryReadNextAccountsFile(out _)); // stays at the end
    }

    private void AssertStakes(JsonElement json, Stakes stakes, SnapshotArchiveReader archive)
    {
        Assert.Equal(StakesFormat.Delegation, stakes.Format);
        Assert.Equal(U64(json, "epoch"), stakes.Epoch);
        Assert.Equal(U64(json, "unused"), stakes.Unused);
        var votes = stakes.VoteAccounts.OrderBy(v => v.VotePubkey).ToList();
        var expected = json.GetProperty("vote_accounts").EnumerateArray().ToList();
        Assert.Equal(expected.Count, votes.Count);
        for (var i = 0; i < votes.Count; i++)
        {
            Assert.Equal(Str(expected[i], "vote_pubkey"), votes[i].VotePubkey.ToString());
            Assert.Equal(U64(expected[i], "stake"), votes[i].Stake);
            Assert.Equal(Str(expected[i], "node_pubkey"), votes[i].NodePubkey.ToString());
            Assert.Equal(U64(expected[i], "lamports"), votes[i].Account.Lamports);
            Assert.Equal(Str(expected[i], "owner"), votes[i].Account.Owner.ToString());
            Assert.Equal(expected[i].GetProperty("executable").GetBoolean(), votes[i].Account.Executable);
            Assert.Equal(U64(expected[i], "rent_epoch"), votes[i].Account.RentEpoch);
            Assert.Equal(U64(expected[i], "vote_state_data_len"), (ulong)votes[i].Account.Data.Length);
        }
        AssertDelegations(json.GetProperty("stake_delegations"), stakes.StakeDelegations);
        Assert.Equal(
            json.GetProperty("stake_history").EnumerateArray().Select(h => new StakeHistoryEntry(U64(h, "epoch"), U64(h, "effective"), U64(h, "activating"), U64(h, "deactivating"))),
            stakes.StakeHistory);

        // The vote accounts embedded in the stakes cache are the accounts stored at slot 100, and the JSON's
        // "authorized" (not in the manifest) is the staker in each stake account's data.
        var accounts = archive.EnumerateAccounts().Where(a => a.Slot == 100).ToDictionary(a => a.Pubkey, a => a.Account);
        foreach (var v in votes) Assert.Equal(accounts[v.VotePubkey], v.Account);
        foreach (var d in json.GetProperty("stake_delegations").EnumerateArray())
        {
            var data = accounts[Pubkey.Parse(Str(d, "stake_pubkey"))].Data.ToArray();
            Assert.Equal(Str(d, "authorized"), Pubkey.Read(data.AsSpan(12)).ToString());
            Assert.Equal(Str(d, "voter_pubkey"), Pubkey.Read(data.AsSpan(124)).ToString());
            Assert.Equal(U64(d, "stake"), BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(156)));
        }
    }

    private static void AssertDelegations(JsonElement json, IReadOnlyList<StakeDelegation> delegations)
    {
        var expected = json.EnumerateArray().ToList();
        var actual = delegations.OrderBy(d => d.StakePubkey).ToList();
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < actual.Count; i++)
        {
            Assert.Equal(Str(expected[i], "stake_pubkey"), actual[i].StakePubkey.ToString());
            Assert.Equal(Str(expected[i], "voter_pubkey"), actual[i].Delegation.VoterPubkey.ToString());
            Assert.Equal(U64(expected[i], "stake"), actual[i].Delegation.Stake);
            Assert.Equal(U64(expected[i], "activation_epoch"), actual[i].Delegation.ActivationEpoch);
            Assert.Equal(U64(expected[i], "deactivation_epoch"), actual[i].Delegation.DeactivationEpoch);
        }
    }

    /// <summary>Slots the SlotHistory sysvar marks as found: bincode Option&lt;Box&lt;[u64]&gt;&gt; bits, bit length, next_slot.</summary>
    private static List<ulong> FoundSlots(byte[] data)
    {
        Assert.Equal(1, data[0]);
        var words = (int)BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(1));
        var bitsAt = 9;
        var bitLength = BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(bitsAt + words * 8));
        var nextSlot = BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(bitsAt + words * 8 + 8));
        Assert.Equal((ulong)words * 64, bitLength);
        var found = new List<ulong>();
        for (var slot = nextSlot > bitLength ? nextSlot - bitLength : 0; slot < nextSlot; slot++)
        {
            var bit = slot % bitLength;
            if ((BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(bitsAt + (int)(bit / 64) * 8)) >> (int)(bit % 64) & 1) != 0) found.Add(slot);
        }
        return found;
    }

    private static ulong U64(JsonElement e, string name) => e.GetProperty(name).GetUInt64();
    private static string Str(JsonElement e, string name) => e.GetProperty(name).GetString() ?? "null";
}
