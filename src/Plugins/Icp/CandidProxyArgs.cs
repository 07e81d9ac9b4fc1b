using System.Text;

namespace PluginHost.Plugins.Icp;

/// <summary>Candid encoding of the proxy canister's argument <c>record { canister_id: principal; method: text; args: blob; cycles: nat }</c>.</summary>
public static class CandidProxyArgs
{
    private const int Vec = -19, Nat8 = -5, Record = -20, Principal_ = -24, Text = -15, Nat = -3;

    /// <summary>Encodes one argument message (<c>DIDL</c> header, type table, value).</summary>
    public static byte[] Encode(string canisterId, string method, byte[] args, ulong cycles)
    {
        var principal = Principal.Parse(canisterId);
        var fields = new (string Name, Action<List<byte>> Type, Action<List<byte>> Value)[]
        {
            ("canister_id", t => Sleb(t, Principal_), v => { v.Add(1); Uleb(v, (ulong)principal.Length); v.AddRange(principal); }),
            ("method", t => Sleb(t, Text), v => { var b = Encoding.UTF8.GetBytes(method); Uleb(v, (ulong)b.Length); v.AddRange(b); }),
            ("args", t => Uleb(t, 0), v => { Uleb(v, (ulong)args.Length); v.AddRange(args); }),   // type 0: vec nat8
            ("cycles", t => Sleb(t, Nat), v => Uleb(v, cycles)),
        };
        var sorted = fields.OrderBy(f => Hash(f.Name)).ToArray();
        var o = new List<byte>(Encoding.ASCII.GetBytes("DIDL"));
        Uleb(o, 2);                                   // type table: vec nat8, the record
        Sleb(o, Vec);
        Sleb(o, Nat8);
        Sleb(o, Record);
        Uleb(o, (ulong)sorted.Length);
        foreach (var f in sorted)
        {
            Uleb(o, Hash(f.Name));
            f.Type(o);
        }
        Uleb(o, 1);                                   // one argument of type 1
        Uleb(o, 1);
        foreach (var f in sorted) f.Value(o);
        return o.ToArray();
    }

    /// <summary>The Candid field id of a name.</summary>
    public static uint Hash(string name)
    {
        uint h = 0;
        foreach (var b in Encoding.UTF8.GetBytes(name)) h = unchecked(h * 223 + b);
        return h;
    }

    private static void Uleb(List<byte> o, ulong v)
    {
        do
        {
            var b = (byte)(v & 0x7f);
            v >>= 7;
            o.Add(v != 0 ? (byte)(b | 0x80) : b);
        } while (v != 0);
    }

    private static void Sleb(List<byte> o, long v)
    {
        while (true)
        {
            var b = (byte)(v & 0x7f);
            v >>= 7;
            if ((v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0))
            {
                o.Add(b);
                return;
            }
            o.Add((byte)(b | 0x80));
        }
    }
}
