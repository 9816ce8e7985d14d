from livescore.cli import main

main()
