namespace Milo.Compiler.Native;

/// <summary>An exclusive lock on a file, held while a native compile uses the shared cached publish project.</summary>
internal sealed class CacheLock : IDisposable
{
    private readonly FileStream _stream;
    private CacheLock(FileStream stream) => _stream = stream;

    public static CacheLock Acquire(string path)
    {
        var deadline = DateTime.UtcNow.AddMinutes(30);
        while (true)
        {
            try
            {
                return new CacheLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(200); // another `milo compile --native` is publishing
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
