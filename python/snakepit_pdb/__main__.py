from snakepit_pdb.bridge import main

main()
