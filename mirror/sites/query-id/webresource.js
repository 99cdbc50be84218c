function WebForm_PostBackOptions(){}
