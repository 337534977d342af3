// Compiled by RoslynCodeTaskFactory (see TorchSharpNativeFix.targets), so it may only use
// netstandard2.0 APIs plus Microsoft.Build.Framework/Utilities.
using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// Marks one symbol-version requirement (e.g. GLIBCXX_3.4.32) of a shared library as WEAK, so
/// that glibc's loader accepts a libstdc++ that predates it.
/// </summary>
/// <remarks>
/// libLibTorchSharp.so from TorchSharp 0.107 was linked against GCC 13's libstdc++, which adds
/// GLIBCXX_3.4.32 for a single symbol (_ZSt21ios_base_library_initv) that no relocation uses.
/// Debian 12 ships GLIBCXX_3.4.30, so dlopen fails with "version not found" although nothing
/// from the newer version is ever called. With VER_FLG_WEAK the loader tolerates the missing
/// version. Before patching, the task verifies that every undefined symbol bound to the version
/// is on a known-harmless list, so a future TorchSharp that really needs newer libstdc++ code
/// is left alone (and fails loudly at load time) instead of failing later with a lazy-binding crash.
/// </remarks>
public sealed class WeakenGlibcxxVersionNeed : Task
{
    const uint ShtDynsym = 11;
    const uint ShtGnuVerdef = 0x6ffffffd;
    const uint ShtGnuVerneed = 0x6ffffffe;
    const uint ShtGnuVersym = 0x6fffffff;
    const ushort VerFlgWeak = 0x2;

    /// <summary>Output copies of the library to patch; missing files are skipped.</summary>
    [Required] public ITaskItem[] Files { get; set; }

    /// <summary>The version requirement to weaken, e.g. GLIBCXX_3.4.32.</summary>
    [Required] public string VersionName { get; set; }

    /// <summary>Undefined symbols that may be bound to VersionName without being needed at run time (';'-separated).</summary>
    public string HarmlessSymbols { get; set; }

    public override bool Execute()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || Files == null || Files.Length == 0)
            return true;

        string libStdCxx = FindLibStdCxx();
        if (libStdCxx != null && LibraryDefinesVersion(libStdCxx))
            return true; // The machine is new enough: leave the package file byte-identical.

        foreach (ITaskItem item in Files)
        {
            string path = item.GetMetadata("FullPath");
            if (!File.Exists(path))
                continue;
            try
            {
                PatchIfNeeded(path, libStdCxx);
            }
            catch (ElfFormatException e)
            {
                Log.LogError(null, "TSNF001", null, path, 0, 0, 0, 0,
                    "Cannot weaken {0} in '{1}': malformed ELF ({2}).", VersionName, path, e.Message);
            }
        }
        return !Log.HasLoggedErrors;
    }

    void PatchIfNeeded(string path, string libStdCxx)
    {
        byte[] image = File.ReadAllBytes(path);
        var elf = new Elf(image);
        List<Vernaux> needs = elf.FindVersionNeeds(VersionName);
        if (needs.Count == 0 || needs.TrueForAll(n => (n.Flags & VerFlgWeak) != 0))
            return; // Nothing requires the version, or an earlier build already patched this copy.

        var harmless = new HashSet<string>((HarmlessSymbols ?? "").Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries));
        foreach (Vernaux need in needs)
        {
            foreach (string symbol in elf.UndefinedSymbolsWithVersionIndex(need.Other))
            {
                if (!harmless.Contains(symbol))
                {
                    Log.LogWarning(null, "TSNF002", null, path, 0, 0, 0, 0,
                        "Not weakening {0} in '{1}': symbol '{2}' really needs it; install a libstdc++ providing {0}.",
                        VersionName, path, symbol);
                    return;
                }
            }
        }

        // Never write through the existing directory entry: the SDK hard-links copy-local files to
        // the NuGet cache (CreateHardLinksForCopyLocalIfPossible) and a symlink may point there too,
        // and a running test host may have the old file mapped. Patch a private copy in the same
        // folder, then rename it over the entry, which atomically replaces the link itself.
        string temp = Path.Combine(Path.GetDirectoryName(path), "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        DateTime modified = File.GetLastWriteTimeUtc(path);
        try
        {
            File.Copy(path, temp); // keeps the execute bits
            using (var stream = new FileStream(temp, FileMode.Open, FileAccess.Write))
            {
                foreach (Vernaux need in needs)
                {
                    ushort flags = (ushort)(need.Flags | VerFlgWeak);
                    stream.Position = need.FlagsOffset;
                    stream.Write(new[] { (byte)flags, (byte)(flags >> 8) }, 0, 2);
                }
            }
            // Same size and timestamp as the package file, so the next incremental build's Copy
            // (SkipUnchangedFiles) leaves the patched file alone instead of re-linking and re-patching.
            File.SetLastWriteTimeUtc(temp, modified);
            File.Replace(temp, path, null);
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
        Log.LogMessage(MessageImportance.Low, "Marked {0} as weak in '{1}' (libstdc++ '{2}' lacks it).",
            VersionName, path, libStdCxx ?? "not found");
    }

    bool LibraryDefinesVersion(string libStdCxx)
    {
        try
        {
            return new Elf(File.ReadAllBytes(libStdCxx)).DefinedVersionNames().Contains(VersionName);
        }
        catch (Exception e) when (e is ElfFormatException || e is IOException || e is UnauthorizedAccessException)
        {
            // Weakening is harmless where the version exists, so an unreadable libstdc++ means "patch".
            Log.LogMessage(MessageImportance.Low, "Cannot read versions of '{0}': {1}", libStdCxx, e.Message);
            return false;
        }
    }

    /// <summary>The libstdc++ that a .NET process on this machine actually binds to.</summary>
    static string FindLibStdCxx()
    {
        // MSBuild runs on CoreCLR, which links libstdc++, so this process has already resolved it
        // the same way the test host will (LD_LIBRARY_PATH, ld.so.cache, ...).
        try
        {
            foreach (string line in File.ReadAllLines("/proc/self/maps"))
            {
                int slash = line.IndexOf('/');
                if (slash >= 0 && line.IndexOf("/libstdc++.so", slash, StringComparison.Ordinal) >= 0)
                    return line.Substring(slash).Trim();
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }

        string[] dirs =
        {
            "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
            "/lib/aarch64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib", "/lib",
        };
        foreach (string dir in dirs)
        {
            string candidate = Path.Combine(dir, "libstdc++.so.6");
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }

    sealed class ElfFormatException : Exception
    {
        public ElfFormatException(string message) : base(message) { }
    }

    struct Section
    {
        public uint Type;
        public long Offset;
        public long Size;
        public uint Link;
        public uint Info;
        public long EntrySize;
    }

    struct Vernaux
    {
        public long FlagsOffset;
        public ushort Flags;
        public ushort Other; // version index used by .gnu.version entries
    }

    /// <summary>Just enough of a little-endian ELF64 reader for the symbol-versioning sections.</summary>
    sealed class Elf
    {
        readonly byte[] data;
        readonly Section[] sections;

        public Elf(byte[] data)
        {
            this.data = data;
            if (data.Length < 64 || data[0] != 0x7f || data[1] != (byte)'E' || data[2] != (byte)'L' || data[3] != (byte)'F')
                throw new ElfFormatException("no ELF magic");
            if (data[4] != 2 || data[5] != 1)
                throw new ElfFormatException("not a little-endian ELF64 file");

            long shoff = (long)U64(0x28);
            ushort shentsize = U16(0x3A);
            long shnum = U16(0x3C);
            if (shoff == 0)
                throw new ElfFormatException("no section header table");
            if (shentsize < 64)
                throw new ElfFormatException("section header entry size " + shentsize);
            if (shnum == 0)
                shnum = (long)U64(shoff + 32); // extended numbering: the count lives in section 0's sh_size
            Check(shoff, shnum * shentsize, "section header table");

            sections = new Section[shnum];
            for (long i = 0; i < shnum; i++)
            {
                long h = shoff + i * shentsize;
                var s = new Section
                {
                    Type = U32(h + 4),
                    Offset = (long)U64(h + 24),
                    Size = (long)U64(h + 32),
                    Link = U32(h + 40),
                    Info = U32(h + 44),
                    EntrySize = (long)U64(h + 56),
                };
                if (s.Type != 8 /* SHT_NOBITS */ && s.Type != 0)
                    Check(s.Offset, s.Size, "section " + i);
                sections[i] = s;
            }
        }

        /// <summary>Names defined in .gnu.version_d (the first Elf64_Verdaux of each Elf64_Verdef).</summary>
        public HashSet<string> DefinedVersionNames()
        {
            var names = new HashSet<string>();
            foreach (Section s in sections)
            {
                if (s.Type != ShtGnuVerdef)
                    continue;
                Section strings = Linked(s);
                long entry = s.Offset;
                for (uint i = 0; i < s.Info; i++)
                {
                    Within(s, entry, 20, "Elf64_Verdef");
                    ushort count = U16(entry + 6);
                    if (count > 0)
                    {
                        long aux = entry + U32(entry + 12);
                        Within(s, aux, 8, "Elf64_Verdaux");
                        names.Add(String(strings, U32(aux)));
                    }
                    uint next = U32(entry + 16);
                    if (next == 0)
                        break;
                    entry += next;
                }
            }
            return names;
        }

        /// <summary>Every Elf64_Vernaux in .gnu.version_r whose name is <paramref name="name"/>.</summary>
        public List<Vernaux> FindVersionNeeds(string name)
        {
            var found = new List<Vernaux>();
            foreach (Section s in sections)
            {
                if (s.Type != ShtGnuVerneed)
                    continue;
                Section strings = Linked(s);
                long need = s.Offset;
                for (uint i = 0; i < s.Info; i++)
                {
                    Within(s, need, 16, "Elf64_Verneed");
                    ushort count = U16(need + 2);
                    long aux = need + U32(need + 8);
                    for (ushort j = 0; j < count; j++)
                    {
                        Within(s, aux, 16, "Elf64_Vernaux");
                        if (String(strings, U32(aux + 8)) == name)
                            found.Add(new Vernaux { FlagsOffset = aux + 4, Flags = U16(aux + 4), Other = U16(aux + 6) });
                        uint auxNext = U32(aux + 12);
                        if (auxNext == 0)
                            break;
                        aux += auxNext;
                    }
                    uint next = U32(need + 12);
                    if (next == 0)
                        break;
                    need += next;
                }
            }
            return found;
        }

        /// <summary>Undefined .dynsym symbols whose .gnu.version entry is <paramref name="versionIndex"/>.</summary>
        public List<string> UndefinedSymbolsWithVersionIndex(ushort versionIndex)
        {
            var names = new List<string>();
            Section? versym = null;
            foreach (Section s in sections)
                if (s.Type == ShtGnuVersym)
                    versym = s;
            if (versym == null)
                return names;
            foreach (Section s in sections)
            {
                if (s.Type != ShtDynsym)
                    continue;
                if (s.EntrySize < 24)
                    throw new ElfFormatException(".dynsym entry size " + s.EntrySize);
                Section strings = Linked(s);
                long count = s.Size / s.EntrySize;
                for (long i = 0; i < count; i++)
                {
                    long sym = s.Offset + i * s.EntrySize;
                    long ver = versym.Value.Offset + i * 2;
                    Within(versym.Value, ver, 2, ".gnu.version entry");
                    bool undefined = U16(sym + 6) == 0; // st_shndx == SHN_UNDEF
                    if (undefined && (U16(ver) & 0x7fff) == versionIndex)
                        names.Add(String(strings, U32(sym)));
                }
            }
            return names;
        }

        Section Linked(Section s)
        {
            if (s.Link == 0 || s.Link >= sections.Length)
                throw new ElfFormatException("sh_link " + s.Link + " out of range");
            return sections[s.Link];
        }

        string String(Section strings, uint offset)
        {
            if (offset >= strings.Size)
                throw new ElfFormatException("string offset " + offset + " outside string table");
            long start = strings.Offset + offset;
            long end = start;
            long limit = strings.Offset + strings.Size;
            while (end < limit && data[end] != 0)
                end++;
            if (end == limit)
                throw new ElfFormatException("unterminated string at " + start);
            return Encoding.ASCII.GetString(data, (int)start, (int)(end - start));
        }

        static void Within(Section s, long at, long length, string what)
        {
            if (at < s.Offset || at + length > s.Offset + s.Size)
                throw new ElfFormatException(what + " at " + at + " runs past its section");
        }

        void Check(long offset, long length, string what)
        {
            if (offset < 0 || length < 0 || offset > data.Length || length > data.Length - offset)
                throw new ElfFormatException(what + " lies outside the file");
        }

        ushort U16(long at) { Check(at, 2, "field"); return (ushort)(data[at] | data[at + 1] << 8); }
        uint U32(long at) { Check(at, 4, "field"); return BitConverter.ToUInt32(data, (int)at); }
        ulong U64(long at) { Check(at, 8, "field"); return BitConverter.ToUInt64(data, (int)at); }
    }
}
