namespace Stratus.Node;

public static class Program
{
    public static int Main(string[] args) => StratusCli.Run(args, Console.Out, Console.Error);
}
