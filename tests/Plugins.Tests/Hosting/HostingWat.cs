namespace PluginHost.Plugins.Tests.Hosting;

/// <summary>Small guests for the hosting tests (text format, compiled by Wasmtime).</summary>
internal static class HostingWat
{
    public static byte[] Bytes(string wat) => Wasmtime.Module.ConvertText(wat).ToArray();

    /// <summary>compute(n): sum 0..n-1; spin(): loops forever; hog(): grows memory until refused, then traps;
    /// recurse(n): unbounded recursion.</summary>
    public const string Guest = """
        (module
          (memory (export "memory") 1)
          (func (export "compute") (param $n i32) (result i32) (local $i i32) (local $s i32)
            (block $done (loop $l
              (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
              (local.set $s (i32.add (local.get $s) (local.get $i)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $l)))
            (local.get $s))
          (func (export "spin") (loop $l (br $l)))
          (func (export "hog")
            (loop $l (br_if $l (i32.ne (memory.grow (i32.const 16)) (i32.const -1))))
            unreachable)
          (func $recurse (export "recurse") (param $n i32) (result i32)
            (i32.add (call $recurse (i32.add (local.get $n) (i32.const 1))) (i32.const 1))))
        """;
}
